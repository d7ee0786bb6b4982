"""Site-wide views: the site map page, health, robots, favicon, media in embedded mode, error pages."""

import logging
import sys

from django.conf import settings
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from committee.models import Unit
from news.models import Category
from pages.models import Page

logger = logging.getLogger(__name__)


def _render_error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        body = loader.render_to_string(template, {"status": status}, request)
    except Exception:  # the database may be the reason we are here
        logger.exception("error page %s could not render with context; using the bare page", status)
        body = loader.render_to_string("errors/bare.html", {"status": status})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _render_error(request, "400.html", 400)


def permission_denied(request, exception=None):
    from ops import security_log

    security_log.forbidden(request, "permission", detail=exception)
    return _render_error(request, "403.html", 403)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a Vietnamese page saying what to do (reload, allow cookies)."""
    from ops import security_log

    security_log.forbidden(request, "csrf", detail=reason)
    return _render_error(request, "errors/csrf.html", 403)


def page_not_found(request, exception=None):
    return _render_error(request, "404.html", 404)


def database_unavailable() -> HttpResponse:
    """503 with Retry-After: a static page, rendered without the database (it is the cause)."""
    response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(settings.DATABASE_DOWN_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500, for any exception a view or middleware let through.

    The database unreachable (OperationalError/InterfaceError) is temporary: 503 + Retry-After.
    A body cut off by a client gone mid-upload (UnreadablePostError) is the client's: 400.
    Anything else: the static 500 page. None of them touches the database.
    """
    exception = sys.exc_info()[1]  # Django calls this handler inside its `except` block
    if isinstance(exception, (OperationalError, InterfaceError)):
        return database_unavailable()
    if isinstance(exception, UnreadablePostError):
        return HttpResponse(loader.render_to_string("errors/bare.html", {"status": 400}), status=400)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    """Sơ đồ cổng: every section, category, committee unit and static page, for people (the
    search engines' /sitemap.xml lists the articles and documents themselves)."""
    pages = Page.objects.published().order_by("language", "title")
    context = {
        "categories": Category.objects.order_by("order", "name"),
        "units": Unit.objects.order_by("order", "name"),
        "pages": [p for p in pages if p.language == Page.Language.VI],
        "english_pages": [p for p in pages if p.language == Page.Language.EN],
    }
    return render(request, "pages/site_map.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception as exc:
        logger.error("healthz: database unreachable: %s", type(exc).__name__)
        db = "error"
    status = 200 if db == "ok" else 503
    return JsonResponse({"status": "ok" if db == "ok" else "error", "database": db}, status=status)


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """The ceiling of this middleware stack: a tiny page, no template, no query (bench/ only)."""
    return HttpResponse("<!DOCTYPE html><title>ok</title><p>ok</p>", content_type="text/html; charset=utf-8")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /ckeditor5/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.svg"), permanent=True)


def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """Uploads in the embedded mode (`make run`); nginx serves them in production. A site's
    files (under sites/<id>/) are served on that site's own addresses only."""
    site = getattr(request, "site", None)
    if path.startswith("sites/") and (site is None or not path.startswith(f"sites/{site.pk}/")):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 404:
        raise Http404
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
