"""A URLconf with the news routes elsewhere, for tests/ops/test_routes.py."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, slug):
    return HttpResponse(slug)


news = ([path("<slug:slug>.html", _page, name="article")], "news")
urlpatterns = [path("khac/", include(news))]
