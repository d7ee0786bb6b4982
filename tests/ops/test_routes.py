"""Addresses of rows filled in from a once-reversed route (ops.routes.slug_url) are the ones
reverse() gives, whatever the script prefix or URLconf."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from ops.routes import slug_url

ROUTES = [
    "news:article",
    "news:category",
    "committee:person-detail",
    "committee:unit-detail",
    "documents:document-detail",
    "documents:consultation-detail",
    "pages:page",
    "pages:english-page",
]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("slug", ["hoi-nghi-2026", "a", "Bai_1-2", "tn-19999-trien-khai"])
def test_a_slug_address_is_the_one_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, args=[slug])


def test_the_script_prefix_of_the_request_is_kept():
    assert slug_url("news:article", "bai-mot") == "/tin-tuc/bai/bai-mot/"
    set_script_prefix("/cong/")
    try:
        assert slug_url("news:article", "bai-mot") == "/cong/tin-tuc/bai/bai-mot/"
    finally:
        set_script_prefix("/")
    assert slug_url("news:article", "bai-mot") == "/tin-tuc/bai/bai-mot/"


@pytest.mark.parametrize("slug", ["", "có-dấu", "a/b", "a b"])
def test_a_value_the_slug_route_refuses_is_refused_as_by_reverse(slug):
    with pytest.raises(NoReverseMatch):
        reverse("news:article", args=[slug])
    with pytest.raises(NoReverseMatch):
        slug_url("news:article", slug)


def test_another_urlconf_gives_its_own_address(settings):
    assert slug_url("news:article", "bai-mot") == "/tin-tuc/bai/bai-mot/"
    settings.ROOT_URLCONF = "tests.ops.routes_urls"
    assert slug_url("news:article", "bai-mot") == "/khac/bai-mot.html"
