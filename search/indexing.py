"""Writing the index: one object after a save, or every object of a kind in batches.

Objects are always re-read through the provider's ``indexing_queryset`` (fresh related rows,
joins included) and written with one upsert per batch; the full-text structures follow by
themselves (a generated column on PostgreSQL, triggers on SQLite).

Each entry takes its object's site. Writing by object (after a save) looks objects up by
primary key on every site: a key names one object whatever the site being worked on, so a
platform administrator's change to another site's article is indexed on that article's site,
and an entry is never dropped because its object is merely out of sight. A full ``reindex``
runs for the site being worked on (``manage.py reindex_search`` runs it for every site).
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Subquery

from network.api import current_site_id, scopes_disabled

from . import fulltext
from .models import Kind, SearchEntry
from .providers import PROVIDERS, Provider, available, has_site, site_of

UPDATE_FIELDS = [
    "site",  # an object moved to another site takes its entry along
    "title",
    "number",
    "body",
    "title_marks",
    "body_marks",
    "excerpt",
    "date",
    "category",
    "document_type",
    "issuer",
    "is_live",
    "visible_from",
    "visible_until",
    "indexed_at",
]
BATCH_SIZE = 500


def _upsert(provider: Provider, objects: Iterable, *, new: bool = False) -> int:
    entries = [
        SearchEntry(site_id=site_of(obj), kind=provider.kind, object_id=obj.pk, **provider.entry(obj))
        for obj in objects
    ]
    if entries and new:
        SearchEntry.objects.bulk_create(entries)
    elif entries:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=UPDATE_FIELDS,
        )
    return len(entries)


def _every_site():
    return SearchEntry.objects.with_scopes_disabled()


def add_new(provider: Provider, ids: Iterable[int]) -> int:
    """Index objects that have no entry yet (bulk imports): a plain insert, no upsert."""
    with scopes_disabled():
        return _upsert(provider, list(provider.indexing_queryset().filter(pk__in=list(ids))), new=True)


def index_ids(provider: Provider, ids: Iterable[int]) -> None:
    """(Re)index these objects of one kind; ids whose object is gone lose their entry."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids or provider.model is None:
        return
    with scopes_disabled():
        objects = list(provider.indexing_queryset().filter(pk__in=ids))
    _upsert(provider, objects)
    missing = ids - {obj.pk for obj in objects}
    if missing:
        remove_ids(provider.kind, missing)


def index_objects(objects: Iterable) -> None:
    """(Re)index model instances of any searchable kind (others are ignored)."""
    by_provider: dict[Kind, set[int]] = {}
    for obj in objects:
        provider = next((p for p in available() if isinstance(obj, p.model)), None)
        if provider is not None:
            by_provider.setdefault(provider.kind, set()).add(obj.pk)
    for kind, ids in by_provider.items():
        index_ids(PROVIDERS[kind], ids)


def remove_ids(kind: Kind, ids: Iterable[int]) -> None:
    _every_site().filter(kind=kind, object_id__in=list(ids)).delete()


def reindex(kinds: Iterable[Kind] | None = None, batch_size: int = BATCH_SIZE) -> dict[Kind, int]:
    """Rebuild the entries of these kinds (all by default) of the site being worked on
    (``network.api.working_on``); idempotent. Returns counts per kind."""
    wanted = set(kinds) if kinds else set(Kind)
    counts: dict[Kind, int] = {}
    for provider in available():
        if provider.kind not in wanted:
            continue
        if not has_site(provider.model) and current_site_id() not in (None, 1):
            continue  # a model without sites: its rows are the install's own, indexed on site 1
        total = 0
        queryset = provider.indexing_queryset().order_by("pk")
        last_pk = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            total += _upsert(provider, batch)
            last_pk = batch[-1].pk
        all_ids = provider.model._default_manager.values("pk")
        SearchEntry.objects.filter(kind=provider.kind).exclude(object_id__in=Subquery(all_ids)).delete()
        counts[provider.kind] = total
    installed = {p.kind for p in available()}
    # Entries of a kind whose app is gone would match but could never be shown.
    SearchEntry.objects.exclude(kind__in=installed).delete()
    fulltext.ensure(connection)
    return counts
