"""The province's view across its member committees: the directory of member sites.

A parent site's pages read its members' rows explicitly (`Model.objects.with_scope(site=[…])`):
the request's own scope covers only the parent's rows. The aggregated blocks stay bounded: one
query each, whatever the number of member sites.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from network.api import child_sites, site_url
from pages.models import SiteSettings


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Danh bạ: the member committees, with their addresses and contact persons."""
    members = child_sites(request.site.pk)
    if not members:
        raise Http404("Cổng này không có Ban Chỉ đạo cấp dưới.")
    identities = {
        s.site_id: s for s in SiteSettings.objects.with_scope(site=[m.id for m in members]).order_by()
    }
    rows = [
        {
            "name": m.name,
            "url": site_url(request, m.domain),
            "host": m.domain,
            "identity": identities.get(m.id),
        }
        for m in members
    ]
    return render(request, "network/directory.html", {"members": rows})
