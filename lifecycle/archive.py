"""Archiving a site (readable, read-only) and deleting one (only when it holds nothing)."""

from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from network.api import all_sites
from network.models import Committee, Status
from pagecache.api import bump_content_version

from .merge import _site_models


class DeleteRefused(Exception):
    """The site still holds content; the message names it, in Vietnamese."""


def set_status(site: Site, status: str) -> None:
    with all_sites(), transaction.atomic():
        committee = Committee.objects.select_for_update().get(site=site)
        committee.status = status
        committee.status_changed_at = timezone.now()
        committee.save()
    bump_content_version([site.pk])


def archive(site: Site) -> None:
    set_status(site, Status.ARCHIVED)


def reactivate(site: Site) -> None:
    set_status(site, Status.ACTIVE)


# What a committee publishes; the rest (identity, menu, sections, lookups made with the site)
# is its scaffolding and goes with it.
CONTENT = {"news.article", "documents.document", "committee.person", "committee.appointment"}


def content_left(site: Site) -> dict[str, int]:
    """What the site still publishes, per kind of content."""
    left = {}
    with all_sites():
        for model in _site_models():
            if model._meta.label_lower not in CONTENT:
                continue
            count = model._base_manager.filter(site=site).count()
            if count:
                left[str(model._meta.verbose_name_plural)] = count
    return left


@transaction.atomic
def delete_site(site: Site) -> None:
    """Delete an empty site. A site with content is refused: archive it, or merge it."""
    left = content_left(site)
    if left:
        listed = ", ".join(f"{count} {name}" for name, count in left.items())
        raise DeleteRefused(
            f"Không thể xóa {site.name}: cổng còn {listed}. Hãy lưu trữ cổng (giữ nguyên nội dung, chỉ đọc) "
            "hoặc hợp nhất vào một cổng khác."
        )
    with all_sites():
        if Committee.objects.filter(parent__site=site).exists():
            raise DeleteRefused(f"Không thể xóa {site.name}: còn các Ban Chỉ đạo cấp dưới trực thuộc.")
        # Children first (their rows point at their parents), then the rest, until none is left.
        remaining = _site_models()
        for _ in range(len(remaining)):
            blocked = []
            for model in remaining:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(site=site).delete()
                except ProtectedError:
                    blocked.append(model)
            remaining = blocked
            if not remaining:
                break
        site.delete()
