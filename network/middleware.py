"""Every request is served for the site its Host header names, or not at all.

The site middleware runs before anything reads the host through Django (which checks it
against ALLOWED_HOSTS and raises for an unknown one): it reads the raw header, finds the site
in the host map and then serves the rest of the request inside that site's work
(`network.current.working_on`), so every query of a per-site model sees only that site's rows.

- An unknown host gets the platform's own Vietnamese 404 page, never another committee's site.
- A merged site's hosts answer with a permanent redirect to the matching page of the site it
  was merged into; its home page says where it went.
- An archived site is served read-only (`request.site_archived`).

A load balancer's health check (`/healthz`) names one of the first site's hosts, which
DJANGO_ALLOWED_HOSTS lists (an app host's own address may be one of them).
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.contrib.sites import models as sites_models
from django.contrib.sites.models import Site
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template import loader

from .current import working_on
from .hosts import site_entry, site_for_host
from .models import Status

logger = logging.getLogger(__name__)


def request_host(request) -> str:
    """The host name the request names, as sent (not yet checked against ALLOWED_HOSTS)."""
    return request.META.get("HTTP_X_FORWARDED_HOST" if settings.USE_X_FORWARDED_HOST else "HTTP_HOST") or (
        request.META.get("SERVER_NAME", "")
    )


def _database_unavailable(request) -> HttpResponse:
    """503, as the health check and the error pages answer when the database is down."""
    if request.path == "/healthz":
        response = JsonResponse({"status": "error", "database": "error"}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(settings.DATABASE_DOWN_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _platform_page(template: str, context: dict, status: int) -> HttpResponse:
    context = {"platform_name": settings.PLATFORM_NAME, **context}
    response = HttpResponse(loader.render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store" if status >= 400 else "max-age=300"
    return response


def _port_suffix(request) -> str:
    host = request_host(request)
    if host.startswith("["):
        rest = host[host.find("]") + 1 :]
        return rest if rest.startswith(":") else ""
    return ":" + host.rsplit(":", 1)[1] if host.count(":") == 1 else ""


def site_url(request, domain: str, path: str = "/") -> str:
    """An address on another site of the platform, with this request's scheme and port."""
    return f"{request.scheme}://{domain}{_port_suffix(request)}{path}"


def merged_response(request, entry) -> HttpResponse:
    target = site_entry(entry.merged_into_id)
    if target is None:
        return _platform_page("errors/unknown_host.html", {"host": request_host(request)[:100]}, 404)
    if request.path == "/":
        return _platform_page(
            "errors/merged.html",
            {"old_name": entry.name, "new_name": target.name, "new_url": site_url(request, target.domain)},
            200,
        )
    from .moves import moved_path

    path = moved_path(entry.id, request.path) or request.path
    query = request.META.get("QUERY_STRING", "")
    location = site_url(request, target.domain, quote(path, safe="/%-._~") + (f"?{query}" if query else ""))
    return HttpResponsePermanentRedirect(location)


def served_site(request) -> Site | None:
    """The site this request is served as, as the site middleware will find it, or None when it
    answers otherwise (an unknown host, a merged site's redirect, a database it cannot reach).
    For the page cache, which answers before the site middleware."""
    try:
        entry = site_for_host(request_host(request))
    except DatabaseError:
        return None
    if entry is None or entry.status == Status.MERGED:
        return None
    return _site(entry, request)


def _site(entry, request) -> Site:
    """The Site a request is served as: the canonical name, with the port the request used."""
    return Site(id=entry.id, domain=entry.domain + _port_suffix(request), name=entry.name)


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            entry = site_for_host(request_host(request))
        except DatabaseError as exc:  # a cold process with the database down: no site can be named
            logger.error("site middleware: database unreachable: %s", type(exc).__name__)
            return _database_unavailable(request)
        if entry is None:
            return _platform_page("errors/unknown_host.html", {"host": request_host(request)[:100]}, 404)
        if entry.status == Status.MERGED:
            return merged_response(request, entry)
        site = _site(entry, request)
        request.site = site
        request.site_entry = entry
        request.site_archived = entry.status == Status.ARCHIVED
        # Django's own sites code (sitemaps, feeds) finds the site by the request's host; the
        # platform has already done so, aliases included, and links to the canonical name.
        # (Read through the module: Site.objects.clear_cache() replaces the dict.)
        sites_models.SITE_CACHE[request.get_host()] = site
        with working_on(site):
            return self.get_response(request)
