"""A URLconf for the stats tests: every path answers an HTML page unless named otherwise.

So the path exclusions (static, media, admin, feeds, sitemaps…) are proven by the path alone,
not by the content type the real views would give.
"""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page

CALLS = {"cached": 0, "html": 0, "article": 0}


def html(request, **kwargs):
    CALLS["html"] += 1
    return HttpResponse(
        "<!DOCTYPE html><title>t</title><h1>Trang</h1>", content_type="text/html; charset=utf-8"
    )


def json_view(request):
    return JsonResponse({"ok": True})


def redirect_view(request):
    return HttpResponseRedirect("/_t/page/")


def not_found(request):
    return HttpResponse("<h1>Không thấy</h1>", status=404)


def server_error(request):
    return HttpResponse("<h1>Lỗi</h1>", status=500)


@cache_page(60)
def cached(request):
    CALLS["cached"] += 1
    return HttpResponse(
        "<!DOCTYPE html><title>t</title><h1>Trang</h1>", content_type="text/html; charset=utf-8"
    )


def _countable():
    from django.apps import apps

    return apps.get_model("stats", "countable")


def article(request, pk):
    from stats.api import record_view

    CALLS["article"] += 1
    obj = _countable().objects.get(pk=pk)
    record_view(request, obj)
    if request.GET.get("status"):
        return HttpResponse("<h1>Lỗi</h1>", status=int(request.GET["status"]))
    return html(request)


def download(request, pk):
    from stats.api import record_download

    obj = _countable().objects.get(pk=pk)
    record_download(request, obj)
    if request.GET.get("redirect"):
        return HttpResponseRedirect("/media/van-ban/a.pdf")
    response = HttpResponse(b"%PDF-1.4 ...", content_type="application/pdf")
    if "range" in request.headers:
        response.status_code = 206
    return response


urlpatterns = [
    path("_t/article/<int:pk>/", article),
    path("_t/download/<int:pk>/", download),
    path("thong-ke/", include("stats.urls")),
    path("_t/json/", json_view),
    path("_t/redirect/", redirect_view),
    path("_t/404/", not_found),
    path("_t/500/", server_error),
    path("_t/cached/", cached),
    path("so-do-cong/", html, name="site-map"),  # the footer links the site map
    path("mang-luoi/", html, name="network-directory"),  # a site in a network links the directory
    re_path(r"^(?P<anything>.*)$", html),
]
