"""Plans, regulations and decisions (văn bản) with their files.

Numbering follows Hướng dẫn 36-HD/VPTW for Party bodies (numbers run per document type within
a term, "05-KH/BCĐ") and Nghị định 30/2020 for state bodies (per year, "05/KH-BCĐ"); the
display style is `settings.DOCUMENT_NUMBER_STYLE`. Status is derived from the dates, never
stored, so it is right on the day it changes without a cron job.

Every row belongs to one committee's site: documents, their files and the lookup tables are
per site, and numbers run per site.
"""

from .attachment import Attachment, AttachmentVersion
from .blocks import document_facets, latest_documents
from .consultation import Consultation, ConsultationComment, Response, deadline_text, moments_ahead
from .document import Document, DocumentQuerySet, Status
from .lookups import (
    CACHE_TIMEOUT,
    LATEST_MAX,
    RESERVED_SLUGS,
    DocumentType,
    Field,
    IssuingBody,
    Term,
)

__all__ = [
    "CACHE_TIMEOUT",
    "LATEST_MAX",
    "RESERVED_SLUGS",
    "Attachment",
    "Consultation",
    "ConsultationComment",
    "Response",
    "deadline_text",
    "moments_ahead",
    "AttachmentVersion",
    "Document",
    "DocumentQuerySet",
    "DocumentType",
    "Field",
    "IssuingBody",
    "Status",
    "Term",
    "document_facets",
    "latest_documents",
]
