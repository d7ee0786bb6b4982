"""URL wiring only: each app brings its own urls; feeds, sitemap and errors meet here."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page

from accounts.hardening import logout_everywhere
from news.views import home
from portal import network_views, views
from portal.sitemaps import SITEMAPS

admin.site.site_header = "Quản trị Cổng thông tin Ban Chỉ đạo 35"
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Bảng điều khiển"

urlpatterns = [
    path("", home, name="home"),
    path("so-do-cong/", views.site_map, name="site-map"),
    path("cac-ban-chi-dao/", network_views.directory, name="network-directory"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cache_page(600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # Before the admin's own routes: the second step lives under the admin prefix, and the
    # admin's "Đăng xuất" ends the user's sessions on every device.
    path(f"{settings.ADMIN_URL}xac-thuc/", include("accounts.two_factor.urls")),
    path(f"{settings.ADMIN_URL}logout/", logout_everywhere, name="logout-everywhere"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("tin-tuc/", include("news.urls")),
    path("ban-chi-dao/", include("committee.urls")),
    path("van-ban/", include("documents.urls")),
    path("thong-ke/", include("stats.urls")),
    path("tim-kiem/", include("search.urls")),
    path("hoi-dap/", include("questions.urls")),
    path("danh-gia/", include("ratings.urls")),
    path("bao-tin-xau-doc/", include("reports.urls")),
    path("", include("pages.urls")),
]

if settings.BENCH_BASELINE_VIEW:
    urlpatterns.insert(0, path("_bench/baseline/", views.bench_baseline, name="bench-baseline"))

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):  # not when media live in a bucket
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            views.serve_media,
            name="media",
        )
    ]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
