"""Public pages of the documents app: the list with filters, a document, file downloads.

Only `Document.objects.published()` reaches the public. Staff who may view documents in the
admin also see a draft at its future address, with a banner and no caching (a separate path).
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from network.api import descendant_sites, site_entry, site_url
from ops.objectstore import is_object_storage
from pagecache.api import CachedCountPaginator, page_numbers
from stats.api import record_download, record_view

from .files import KINDS, ascii_file_name
from .forms import DocumentFilterForm
from .models import Attachment, AttachmentVersion, Document, document_facets
from .storage import document_storage

logger = logging.getLogger(__name__)

# Inline PDFs carry no `sandbox`: Chromium's PDF viewer before the out-of-process viewer (e.g.
# Chrome 109, the last on Windows 7, still common in offices) is a plugin, and `sandbox` blocks it
# ("This page has been blocked by Chrome"). Chromium 156 renders with or without it (checked with
# Playwright on the development machine; tests/documents/test_browser.py checks this policy).
# The file was checked by content at upload (no JavaScript, no launch actions), it is served as
# application/pdf with nosniff, scripts stay forbidden, and only our own pages may frame it.
PDF_POLICY = (
    "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
# Every other file is a download and is never rendered by the browser: lock it down fully.
DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _can_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("documents.view_document")


def _document_or_404(request, queryset, **lookup):
    """(document, is_draft_preview): published for everyone, drafts for documents staff."""
    document = queryset.published().filter(**lookup).first()
    if document is not None:
        return document, False
    if _can_preview(request.user):
        return get_object_or_404(queryset, **lookup), True
    raise Http404("Không có văn bản này.")


def _signer_url(document: Document) -> str:
    """Link the signer to their member page only while that page is public."""
    from committee.models import Person

    if document.signer_person_id and Person.objects.published().filter(pk=document.signer_person_id).exists():
        return document.signer_person.get_absolute_url()
    return ""


def content_disposition(disposition: str, name: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact Vietnamese name as RFC 5987
    `filename*` (UTF-8, percent-encoded), which every current browser prefers."""
    fallback = ascii_file_name(name).replace('"', "_")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _is_fresh(request, sha256: str) -> bool:
    """The browser already holds these exact bytes (a 304 is not a new download)."""
    return request.headers.get("If-None-Match") == f'"{sha256}"'


def _storage_unavailable() -> HttpResponse:
    response = HttpResponse(
        "Kho tệp tạm thời không truy cập được; vui lòng tải lại sau ít phút.",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response


def _serve_file(request, *, name: str, original_name: str, kind: str, sha256: str, inline: bool, draft: bool):
    etag = f'"{sha256}"'
    policy = PDF_POLICY if inline else DOWNLOAD_POLICY
    if not draft and _is_fresh(request, sha256):
        response = HttpResponseNotModified()
    elif settings.DOCUMENT_X_ACCEL_PREFIX and not is_object_storage(document_storage):
        response = HttpResponse(content_type=KINDS[kind].content_type)
        response["X-Accel-Redirect"] = settings.DOCUMENT_X_ACCEL_PREFIX + quote(name)
        response["X-Document-CSP"] = policy  # nginx re-sends it after the internal redirect
    else:
        # From a private bucket the bytes are streamed through the app, never a redirect to a
        # presigned URL: this response keeps its headers (the Vietnamese file name, the PDF
        # preview's CSP and frame rule, the ETag), the bucket's address stays private, and a
        # link copied from the address bar cannot outlive the document's withdrawal.
        length = None
        try:
            if is_object_storage(document_storage):
                handle, length = document_storage.stream(name)
            else:
                handle = document_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404("Tệp không còn trên máy chủ.") from None
        except OSError as exc:
            logger.error("document file %s unreadable: %s", name, exc.strerror or exc)
            return _storage_unavailable()
        response = FileResponse(handle, content_type=KINDS[kind].content_type)
        if length is not None:
            response["Content-Length"] = str(length)
    response["Content-Disposition"] = content_disposition("inline" if inline else "attachment", original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = policy
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["ETag"] = etag
    # Revalidated every time: a replaced file appears at once at the same address.
    response["Cache-Control"] = "private, no-store" if draft else "private, no-cache"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # the preview frame on the document page
    return response


@require_safe
def document_list(request):
    """The committee's documents; on a committee with member committees below it, the list can
    span the whole network or one member (ban_chi_dao=…), each document linking to its own site."""
    own = request.site.pk
    members = [(pk, site_entry(pk).name) for pk in descendant_sites(own) if site_entry(pk)]
    form = DocumentFilterForm(request.GET, document_facets(), members)
    sites = form.sites(own)
    base = Document.objects.with_scope(site=sites) if sites else Document.objects
    documents = form.apply(base.published().for_listing())
    paginator = CachedCountPaginator(
        documents, settings.DOCUMENTS_PER_PAGE, count_key=f"documents:{form.query_string()}"
    )
    page = paginator.get_page(request.GET.get("trang"))
    if sites:
        for document in page.object_list:
            entry = site_entry(document.site_id)
            if document.site_id != own and entry is not None:
                document.site_name = entry.name
                document.url = site_url(request, entry.domain, document.get_absolute_url())
    context = {
        "form": form,
        "page_obj": page,
        "documents": page.object_list,
        "page_range": page_numbers(page),
        "query": form.query_string(),
    }
    return render(request, "documents/document_list.html", context)


@require_safe
def document_detail(request, slug: str):
    document, draft = _document_or_404(request, Document.objects.for_detail(), slug=slug)
    if not draft and request.method == "GET":
        record_view(request, document)
    attachments = list(document.attachments.all())
    replaced_by = document.replaced_by
    context = {
        "document": document,
        "attachments": attachments,
        "preview": next((a for a in attachments if a.is_pdf), None),
        "replaced_by": replaced_by if replaced_by and replaced_by.is_published else None,
        "signer_url": _signer_url(document),
        "draft": draft,
    }
    response = render(request, "documents/document_detail.html", context)
    if draft:
        add_never_cache_headers(response)
    return response


@require_safe
def download(request, pk: int):
    """An attachment: PDF inline (?inline=1 is the preview frame, not counted), others as files."""
    attachment = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    document, draft = _document_or_404(request, Document.objects.all(), pk=attachment.document_id)
    preview = "inline" in request.GET
    if request.method == "GET" and not draft and not preview and not _is_fresh(request, attachment.sha256):
        record_download(request, document)
    return _serve_file(
        request,
        name=attachment.file.name,
        original_name=attachment.original_name,
        kind=attachment.kind,
        sha256=attachment.sha256,
        inline=attachment.is_pdf,
        draft=draft,
    )


@require_safe
def download_version(request, pk: int, version_pk: int):
    """An earlier file of an attachment, kept after it was replaced."""
    version = get_object_or_404(
        AttachmentVersion.objects.select_related("attachment"), pk=version_pk, attachment=pk
    )
    document, draft = _document_or_404(request, Document.objects.all(), pk=version.attachment.document_id)
    if request.method == "GET" and not draft and not _is_fresh(request, version.sha256):
        record_download(request, document)
    return _serve_file(
        request,
        name=version.file.name,
        original_name=version.original_name,
        kind=version.kind,
        sha256=version.sha256,
        inline=version.kind == "pdf",
        draft=draft,
    )
