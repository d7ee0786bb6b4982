"""Cached public blocks built from documents: the list filters and the latest documents.

Each site has its own: the values are kept with the site's content version
(pagecache.api.versioned_value), which any write to the site's documents or lookup tables
moves, so one committee's block is never shown on another's pages."""

from django.conf import settings

from pagecache.api import versioned_value

from .document import Document
from .lookups import CACHE_TIMEOUT, LATEST_MAX, DocumentType, Field, IssuingBody


# --- cached public blocks -------------------------------------------------------------------
def document_facets() -> dict:
    """Choices for the list filters of the site being worked on: one cached value, rebuilt
    after any write."""

    def read() -> dict:
        years = [d.year for d in Document.objects.published().dates("issue_date", "year", order="DESC")]
        return {
            "types": [(t.slug, t.name, t.pk) for t in DocumentType.objects.all()],
            "bodies": [(b.slug, b.name, b.pk) for b in IssuingBody.objects.all()],
            "fields": [(f.slug, f.name, f.pk) for f in Field.objects.all()],
            "years": years,
        }

    return versioned_value("documents:facets", read, CACHE_TIMEOUT)


def latest_documents(limit: int = 5) -> list[dict]:
    """The site's newest published documents for the "Văn bản mới" block (cached until the
    site's next write)."""

    def read() -> list[dict]:
        return [
            {"code": d.code, "title": d.title, "url": d.get_absolute_url(), "issue_date": d.issue_date}
            for d in Document.objects.published().for_listing()[:LATEST_MAX]
        ]

    items = versioned_value(f"documents:latest:{settings.DOCUMENT_NUMBER_STYLE}", read, CACHE_TIMEOUT)
    return items[: max(0, min(limit, LATEST_MAX))]
