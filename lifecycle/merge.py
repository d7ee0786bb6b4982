"""Merging one committee's site into another's, as communes are merged: OLD's content moves to
NEW in one transaction, and OLD's addresses lead to the matching pages on NEW.

What moves, model by model (`POLICY`):
- *same thing by name*: a lookup NEW already has under the same key (the category "Tin hoạt
  động", the role "Trưởng ban", the document type "Kế hoạch") is NEW's; OLD's rows pointing at
  OLD's copy are re-pointed to NEW's and OLD's copy is removed;
- *moves*: everything else moves as it is; a slug or name NEW already uses gets a suffix (the
  page's old address is recorded, so OLD's address redirects to the new one); an issuing body
  keeps its identity (a renamed copy if the name is taken), so document numbers, unique per
  issuer, type and term, stay unique;
- *stays*: OLD's identity, menu, links and static pages describe OLD and stay with it;
- rows of child tables (photos, attachments) follow their parent; search entries move;
  visit counts add up day by day.

A dry run performs the same merge and rolls it back, reporting exactly what would move.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.sites.models import Site
from django.db import models, transaction
from django.utils import timezone

import stats.api as stats_api
from common.text import unique_slug
from network.api import all_sites
from network.models import Committee, MovedPath, SiteScopedModel, Status
from pagecache.api import bump_content_version
from search.api import reindex_later

SAME_BY_NAME = {
    "news.category": ("slug",),
    "news.tag": ("slug",),
    "documents.documenttype": ("name",),
    "documents.field": ("name",),
    "documents.term": ("name",),
    "committee.role": ("name",),
}
STAYS = {"pages.sitesettings", "pages.menuitem", "pages.weblink", "pages.page"}
# Visit counts add up day by day (stats.api.merge_counts), they do not move as rows.
COUNTED = {
    "stats.dailyvisits",
    "stats.hourlyvisits",
    "stats.visitorpresence",
    "stats.counterbaseline",
    "stats.objectdailycount",
}
# Rows whose name NEW already shows get OLD's name after theirs ("Ban Chỉ đạo (Ban Chỉ đạo 35 xã
# Long Hữu)"), so that readers tell the two apart on NEW's pages.
NAMED_AFTER_OLD = {"committee.unit": "name", "documents.issuingbody": "name"}
# Moved first (what others point to), then the rest in the order Django lists the models.
FIRST = [
    "documents.issuingbody",
    "committee.unit",
    "committee.person",
    "documents.document",
    "news.article",
]


class MergeRefused(Exception):
    """The merge cannot be made as asked; the message says why, in Vietnamese."""


@dataclass
class MergeReport:
    moved: Counter = field(default_factory=Counter)  # model verbose name → rows moved
    merged: Counter = field(default_factory=Counter)  # model verbose name → rows that were NEW's already
    renamed: list = field(default_factory=list)  # (model, old value, new value)
    visits: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        out = [f"{name}: chuyển {count}" for name, count in sorted(self.moved.items()) if count]
        out += [f"{name}: gộp {count} vào mục sẵn có" for name, count in sorted(self.merged.items()) if count]
        out += [f"{model}: “{old}” → “{new}”" for model, old, new in self.renamed]
        out.append(f"Lượt truy cập cộng thêm: {self.visits}")
        return out


def _site_models():
    return [m for m in apps.get_models() if issubclass(m, SiteScopedModel)]


def _ordered(models_):
    """Lookups merged by name first (the rows moving next point at NEW's copies, so their own
    rules are checked against what they will be), then what others point to, then the rest,
    then child rows."""
    by_label = {m._meta.label_lower: m for m in models_}
    first = [by_label[label] for label in SAME_BY_NAME if label in by_label]
    first += [by_label[label] for label in FIRST if label in by_label]
    rest = [m for m in models_ if m not in first and not getattr(m, "site_parent", None)]
    children = [m for m in models_ if getattr(m, "site_parent", None)]
    return first + rest + children


def _repoint(model, old_obj, new_obj):
    """Every row pointing at `old_obj` points at `new_obj` instead (foreign keys and m2m)."""
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            to_this = relation.field.m2m_reverse_field_name()  # the through row's key to `model`
            to_other = relation.field.m2m_field_name()
            linked = through.objects.filter(**{to_this: new_obj}).values_list(to_other, flat=True)
            through.objects.filter(**{to_this: old_obj, f"{to_other}__in": list(linked)}).delete()
            through.objects.filter(**{to_this: old_obj}).update(**{to_this: new_obj})
        else:
            name = relation.field.name
            relation.related_model._base_manager.filter(**{name: old_obj}).update(**{name: new_obj})


def _unique_groups(model):
    """The per-site unique rules: the other fields of each unconditional unique constraint on site."""
    groups = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            fields = list(constraint.fields)
            if "site" in fields and len(fields) > 1:
                groups.append([f for f in fields if f != "site"])
    return groups


def _free_value(model, field_name, value, new):
    manager = model._base_manager
    field_ = model._meta.get_field(field_name)
    if isinstance(field_, models.SlugField):
        return unique_slug(
            value,
            lambda s: manager.filter(site=new, **{field_name: s}).exists(),
            max_length=field_.max_length,
        )
    n = 2
    candidate = f"{value} ({n})"
    while manager.filter(site=new, **{field_name: candidate}).exists():
        n += 1
        candidate = f"{value} ({n})"
    return candidate


def _path(obj) -> str | None:
    try:
        return obj.get_absolute_url()
    except Exception:
        return None


def _merge_model(model, old: Site, new: Site, report: MergeReport) -> None:
    label = model._meta.label_lower
    name = str(model._meta.verbose_name_plural)
    manager = model._base_manager
    if label in STAYS or label in COUNTED:
        return
    if label in SAME_BY_NAME:
        keys = SAME_BY_NAME[label]
        for obj in list(manager.filter(site=old)):
            twin = manager.filter(site=new, **{k: getattr(obj, k) for k in keys}).first()
            if twin is not None:
                _repoint(model, obj, twin)
                obj.delete()
                report.merged[name] += 1
    if getattr(model, "site_parent", None):
        report.moved[name] += manager.filter(site=old).update(site=new)
        return
    if label in NAMED_AFTER_OLD:
        field_name = NAMED_AFTER_OLD[label]
        for obj in manager.filter(site=old):
            value = getattr(obj, field_name)
            if manager.filter(site=new, **{field_name: value}).exists():
                renamed = f"{value} ({old.name})"
                manager.filter(pk=obj.pk).update(**{field_name: renamed})
                report.renamed.append((str(model._meta.verbose_name), value, renamed))
    if hasattr(model, "derived_after_move"):  # e.g. a document's series names its term
        for obj in manager.filter(site=old):
            manager.filter(pk=obj.pk).update(**obj.derived_after_move())
    for fields in _unique_groups(model):
        for obj in list(manager.filter(site=old)):
            values = {f: getattr(obj, model._meta.get_field(f).attname) for f in fields}
            if not manager.filter(site=new, **values).exists():
                continue
            renamable = [f for f in fields if f in ("slug", "name")]
            if not renamable:
                shown = ", ".join(str(getattr(obj, f)) for f in fields)
                raise MergeRefused(
                    f"Không thể hợp nhất: {model._meta.verbose_name} “{obj}” ({shown}) trùng với một mục của "
                    f"{new.name}. Sửa một trong hai rồi hợp nhất lại; chưa có gì được chuyển."
                )
            before = _path(obj)
            for f in renamable:
                old_value = getattr(obj, f)
                setattr(obj, f, _free_value(model, f, old_value, new))
                report.renamed.append((str(model._meta.verbose_name), old_value, getattr(obj, f)))
            manager.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in renamable})
            after = _path(obj)
            if before and after and before != after:
                MovedPath.objects.update_or_create(
                    old_site=old, old_path=before, defaults={"new_path": after}
                )
    report.moved[name] += manager.filter(site=old).update(site=new)


def merge_committees(old: Site, new: Site, *, dry_run: bool = False) -> MergeReport:
    if old.pk == new.pk:
        raise MergeRefused("Không thể hợp nhất một cổng vào chính nó.")
    old_committee, new_committee = Committee.objects.get(site=old), Committee.objects.get(site=new)
    if old_committee.status == Status.MERGED:
        raise MergeRefused(f"{old.name} đã được hợp nhất trước đây.")
    if new_committee.status != Status.ACTIVE:
        raise MergeRefused(f"{new.name} không còn hoạt động: không thể hợp nhất vào đó.")
    report = MergeReport(dry_run=dry_run)
    with all_sites(), transaction.atomic():
        for model in _ordered(_site_models()):
            _merge_model(model, old, new, report)
        report.visits = stats_api.merge_counts(old.pk, new.pk)
        for child in Committee.objects.filter(parent=old_committee):
            child.parent = new_committee
            child.save()
        old_committee.status = Status.MERGED
        old_committee.merged_into = new_committee
        old_committee.status_changed_at = timezone.now()
        old_committee.save()
        if dry_run:
            transaction.set_rollback(True)
        else:
            # Renamed slugs and re-pointed categories reached NEW's rows by update(), which the
            # index does not hear: NEW's index is rebuilt in the background, queued with the merge.
            reindex_later(new.pk)
    if not dry_run:
        bump_content_version([old.pk, new.pk])
    return report
