"""What other apps use of search: the ids of their objects whose index entries hold a visitor's
words, and a rebuild of a site's index in the background after they changed many rows at once
(saves one by one keep the index in step by themselves: search.signals)."""

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL


def matching_ids(kind: str, text: str, site_ids: Iterable[int]) -> RawSQL | None:
    """The ids of these sites' `kind` objects (a search.models.Kind value: "document", …)
    whose index entry holds every word of `text`, read as the site search reads it: diacritics
    and punctuation ignored, whole words, the last one possibly unfinished ("nghi" finds "nghị"
    and "nghiêm"). A subquery for ``pk__in``, answered by the full-text index (GIN on
    PostgreSQL, FTS5 on SQLite) instead of reading each object's text. None when `text` holds
    no word to look for."""
    from .backends import get_backend
    from .engine import entries_of
    from .query import parse_query

    query = parse_query(text)
    if query.is_empty:
        return None
    backend = get_backend(connection)
    condition = backend.condition(backend.all_terms(query.terms, head=False))
    entries = entries_of(sorted(set(site_ids))).filter(kind=kind).filter(condition)
    entries = entries.order_by().values("object_id")
    # Compiled on its own, not as an ORM subquery: the full-text condition names the entry
    # table itself, which a subquery would know only by an alias.
    sql, params = entries.query.sql_with_params()
    return RawSQL(sql, params)


def reindex_later(site_id: int, kinds: Iterable | None = None):
    """Queue a rebuild of `site_id`'s search index (kinds: search.models.Kind values, all by
    default). Queued with the caller's transaction: a rolled-back change queues nothing."""
    from .jobs import reindex_site

    return reindex_site.enqueue(site_id, [str(kind) for kind in kinds] if kinds else None)


__all__ = ["matching_ids", "reindex_later"]
