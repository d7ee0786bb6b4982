"""Public pages of the documents app: the list with filters, a document, file downloads.

Only `Document.objects.published()` reaches the public. Staff who may view documents in the
admin also see a draft at its future address, with a banner and no caching (a separate path).
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from civic.views import citizen_form_view
from network.api import descendant_sites, site_entry, site_url
from ops.objectstore import is_object_storage
from ops.ratelimit import register_group
from pagecache.api import CachedCountPaginator, page_numbers
from stats.api import record_download, record_view

from .files import KINDS, ascii_file_name
from .forms import ConsultationCommentForm, DocumentFilterForm
from .models import Attachment, AttachmentVersion, Consultation, Document, document_facets, moments_ahead
from .notify import comment_notice
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
    documents = form.apply(base.published().for_listing(), sites or [own])
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
        # The draft this document was consulted on (lấy ý kiến dự thảo), when it is public.
        "consultation": Consultation.objects.published().filter(adopted_document=document).first(),
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


# --- Lấy ý kiến dự thảo -------------------------------------------------------------------------

CONSULTATION_COMMENTS = register_group("consultation-comments")  # RATELIMIT_CONSULTATION_COMMENTS

CLOSED_REFUSAL = (
    "Dự thảo này đã hết hạn góp ý lúc %(deadline)s nên ý kiến của bạn chưa được gửi. "
    "Nội dung bạn đã nhập được giữ lại bên dưới để bạn lưu lại."
)
NOT_YET_REFUSAL = (
    "Dự thảo này bắt đầu nhận góp ý từ %(opens)s nên ý kiến của bạn chưa được gửi. "
    "Nội dung bạn đã nhập được giữ lại bên dưới để bạn lưu lại."
)
THANKS = (
    "Cảm ơn bạn đã góp ý. Ý kiến đã được gửi tới cơ quan soạn thảo; ý kiến chỉ hiện trên trang "
    "sau khi cơ quan xem xét và chọn công bố."
)


def _cache_window() -> float:
    """How long a page may be served from the page cache: fresh, then stale while re-rendered."""
    return 2 * (settings.PAGE_CACHE_SECONDS or 0)


def _keep_fresh_if_the_clock_matters(response, consultations) -> None:
    """A page whose state (open/closed, days left) changes within the cache's window is not stored."""
    if moments_ahead(consultations, _cache_window()):
        add_never_cache_headers(response)


@require_safe
def consultation_list(request):
    """Drafts open for comment and past ones, with how many comments each received."""
    consultations = list(
        Consultation.objects.published()
        .annotate(received=Count("comments"), shown=Count("comments", filter=Q(comments__is_published=True)))
        .order_by("-closes_at", "-pk")[: settings.DOCUMENTS_PER_PAGE * 5]
    )
    now = timezone.now()
    context = {
        "open_consultations": [c for c in consultations if c.is_open(now) or c.is_upcoming(now)],
        "closed_consultations": [c for c in consultations if c.is_closed(now)],
    }
    response = render(request, "documents/consultation_list.html", context)
    _keep_fresh_if_the_clock_matters(response, consultations)
    return response


def _consultation_or_404(request, slug: str) -> tuple[Consultation, bool]:
    consultation = (
        Consultation.objects.published().filter(slug=slug).select_related("adopted_document").first()
    )
    if consultation is not None:
        return consultation, False
    user = request.user
    if user.is_active and user.is_staff and user.has_perm("documents.view_consultation"):
        return get_object_or_404(Consultation.objects.select_related("adopted_document"), slug=slug), True
    raise Http404("Không có dự thảo này.")


def _render_consultation(request, consultation, draft, form=None, refusal="", status=200):
    comments = list(consultation.comments.filter(is_published=True).order_by("created_at", "pk"))
    adopted = consultation.adopted_document
    context = {
        "consultation": consultation,
        "draft": draft,
        "form": form,
        "refusal": refusal,
        "published_comments": comments,
        "received": consultation.comments.count(),
        "adopted": adopted if adopted is not None and adopted.is_published else None,
        "thanks": THANKS if request.GET.get("da_gui") == "1" else "",
    }
    return render(request, "documents/consultation_detail.html", context, status=status)


@citizen_form_view(CONSULTATION_COMMENTS)
def _open_consultation(request, consultation: Consultation, draft: bool):
    """The page with its comment form (never cached) and the submission of a comment.

    The clock is read when the comment arrives: a form shown before the deadline and sent
    after it is refused, nothing stored, the typed text shown back."""
    form = ConsultationCommentForm(request.POST or None, request=request)
    if request.method == "POST":
        now = timezone.now()
        if not consultation.is_open(now):
            refusal = (
                NOT_YET_REFUSAL % {"opens": consultation.opens_text}
                if consultation.is_upcoming(now)
                else CLOSED_REFUSAL % {"deadline": consultation.deadline_text}
            )
            return _render_consultation(request, consultation, draft, form=form, refusal=refusal, status=403)
        if form.is_valid():
            comment = form.save(commit=False)
            comment.consultation = consultation
            comment.site_id = consultation.site_id
            with transaction.atomic():
                comment.save()
                admin_url = request.build_absolute_uri(
                    reverse("admin:documents_consultationcomment_change", args=[comment.pk])
                )
                transaction.on_commit(
                    lambda: comment_notice.enqueue(consultation.site_id, comment.pk, admin_url)
                )
            return redirect(consultation.get_absolute_url() + "?da_gui=1#gop-y")
    return _render_consultation(request, consultation, draft, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request, slug: str):
    """A draft: its text, deadline, the comment form while open, published comments, the report.

    While the draft takes comments (and for every POST) the page goes through the citizen form
    view: rate limit on submissions, CSRF, never stored by the page cache. Otherwise it is an
    ordinary page, kept out of the page cache only when its opening is near."""
    consultation, draft = _consultation_or_404(request, slug)
    if draft:  # staff previewing an unpublished draft: no form, nothing to submit to
        if request.method == "POST":
            raise Http404("Không có dự thảo này.")
        response = _render_consultation(request, consultation, draft)
        add_never_cache_headers(response)
        return response
    if request.method == "POST" or consultation.is_open():
        return _open_consultation(request, consultation, draft)
    response = _render_consultation(request, consultation, draft)
    _keep_fresh_if_the_clock_matters(response, [consultation])
    return response
