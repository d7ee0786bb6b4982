"""Plans, regulations and decisions (văn bản) with their files.

Numbering follows Hướng dẫn 36-HD/VPTW for Party bodies (numbers run per document type within
a term, "05-KH/BCĐ") and Nghị định 30/2020 for state bodies (per year, "05/KH-BCĐ"); the
display style is `settings.DOCUMENT_NUMBER_STYLE`. Status is derived from the dates, never
stored, so it is right on the day it changes without a cron job.
"""

from .attachment import Attachment, AttachmentVersion
from .blocks import document_facets, latest_documents
from .document import Document, DocumentQuerySet, Status
from .lookups import (
    CACHE_TIMEOUT,
    FACETS_CACHE_KEY,
    LATEST_CACHE_KEY,
    LATEST_MAX,
    RESERVED_SLUGS,
    DocumentType,
    Field,
    IssuingBody,
    Term,
    invalidate_caches,
)

__all__ = [
    "CACHE_TIMEOUT",
    "FACETS_CACHE_KEY",
    "LATEST_CACHE_KEY",
    "LATEST_MAX",
    "RESERVED_SLUGS",
    "Attachment",
    "AttachmentVersion",
    "Document",
    "DocumentQuerySet",
    "DocumentType",
    "Field",
    "IssuingBody",
    "Status",
    "Term",
    "document_facets",
    "invalidate_caches",
    "latest_documents",
]
