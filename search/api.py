"""What other apps use of search: rebuild a site's index in the background after they changed
many rows at once (saves one by one keep the index in step by themselves: search.signals)."""

from collections.abc import Iterable


def reindex_later(site_id: int, kinds: Iterable | None = None):
    """Queue a rebuild of `site_id`'s search index (kinds: search.models.Kind values, all by
    default). Queued with the caller's transaction: a rolled-back change queues nothing."""
    from .jobs import reindex_site

    return reindex_site.enqueue(site_id, [str(kind) for kind in kinds] if kinds else None)


__all__ = ["reindex_later"]
