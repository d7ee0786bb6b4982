"""Cached public blocks built from documents: the list filters and the latest documents."""

from django.conf import settings
from django.core.cache import cache

from .document import Document
from .lookups import (
    CACHE_TIMEOUT,
    FACETS_CACHE_KEY,
    LATEST_CACHE_KEY,
    LATEST_MAX,
    DocumentType,
    Field,
    IssuingBody,
)


# --- cached public blocks -------------------------------------------------------------------
def document_facets() -> dict:
    """Choices for the list filters: one cached value, rebuilt after any write."""
    facets = cache.get(FACETS_CACHE_KEY)
    if facets is None:
        years = [d.year for d in Document.objects.published().dates("issue_date", "year", order="DESC")]
        facets = {
            "types": [(t.slug, t.name, t.pk) for t in DocumentType.objects.all()],
            "bodies": [(b.slug, b.name, b.pk) for b in IssuingBody.objects.all()],
            "fields": [(f.slug, f.name, f.pk) for f in Field.objects.all()],
            "years": years,
        }
        cache.set(FACETS_CACHE_KEY, facets, CACHE_TIMEOUT)
    return facets


def latest_documents(limit: int = 5) -> list[dict]:
    """The newest published documents for the "Văn bản mới" block (cached, invalidated on save)."""
    key = LATEST_CACHE_KEY.format(style=settings.DOCUMENT_NUMBER_STYLE)
    items = cache.get(key)
    if items is None:
        items = [
            {"code": d.code, "title": d.title, "url": d.get_absolute_url(), "issue_date": d.issue_date}
            for d in Document.objects.published().for_listing()[:LATEST_MAX]
        ]
        cache.set(key, items, CACHE_TIMEOUT)
    return items[: max(0, min(limit, LATEST_MAX))]
