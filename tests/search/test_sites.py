"""Search per site: a committee's portal finds only its own content; a search over several
sites (the network's) finds each site's content, linked on its own site."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from network.api import all_sites, working_on
from search.engine import Search
from search.models import SearchEntry
from search.query import parse_query
from tests.search.conftest import Factory, at

URL = "/tim-kiem/"


@pytest.fixture
def two_sites(db, other_site):
    here = Factory().article("Hội nghị sơ kết công tác tuyên truyền", when=at(2022, 3, 1))
    with working_on(other_site):
        factory = Factory()
        there = factory.article(
            "Hội nghị tập huấn cộng tác viên xã Long Hữu",
            when=at(2022, 4, 1),
            cat=factory.category("tin-xa-long-huu", "Tin xã Long Hữu"),
        )
    return here, there


def titles(search) -> list[str]:
    return [hit.title.replace("<mark>", "").replace("</mark>", "") for hit in search[0:50]]


def test_each_entry_takes_its_objects_site(two_sites, other_site):
    here, there = two_sites
    with all_sites():
        entries = dict(SearchEntry.objects.values_list("object_id", "site_id"))
    assert entries == {here.pk: 1, there.pk: other_site.pk}


def test_an_article_of_another_site_is_never_found_on_site_1(two_sites):
    assert titles(Search(parse_query("hoi nghi"))) == ["Hội nghị sơ kết công tác tuyên truyền"]
    assert titles(Search(parse_query("long huu"))) == []
    assert Search(parse_query("hoi nghi")).kind_counts == {
        "article": 1,
        "document": 0,
        "person": 0,
        "question": 0,
    }
    assert SearchEntry.objects.count() == 1  # the scope of site 1 sees its own entry only


def test_the_other_sites_page_finds_its_article_and_not_site_1s(two_sites):
    page = Client(headers={"host": "longhuu.test"}).get(URL, {"q": "hội nghị"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "tập huấn cộng tác viên xã Long Hữu" in html
    assert "sơ kết công tác tuyên truyền" not in html
    home = Client().get(URL, {"q": "hội nghị"}).content.decode()
    assert "sơ kết công tác tuyên truyền" in home
    assert "Long Hữu" not in home


def test_a_search_over_several_sites_finds_both(two_sites, other_site):
    search = Search(parse_query("hoi nghi"), site_ids=[1, other_site.pk])
    assert sorted(titles(search)) == [
        "Hội nghị sơ kết công tác tuyên truyền",
        "Hội nghị tập huấn cộng tác viên xã Long Hữu",
    ]
    assert search.total == 2
    links = {hit.site_id: hit.url for hit in search[0:10]}
    assert links[1].startswith("/")  # the current site's own page
    assert links[other_site.pk].startswith("//longhuu.test/")  # the other site's page, on its host


def test_a_search_of_one_other_site_from_site_1(two_sites, other_site):
    search = Search(parse_query("hoi nghi"), site_ids=[other_site.pk])
    assert titles(search) == ["Hội nghị tập huấn cộng tác viên xã Long Hữu"]


def test_reindex_search_rebuilds_every_site(two_sites, other_site):
    from news.models import Article
    from search.providers import has_site

    if not has_site(Article):
        pytest.skip("articles have no site key yet: a full reindex files them all on site 1")
    here, there = two_sites
    with all_sites():
        SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("reindex_search", stdout=out)
    with all_sites():
        entries = dict(SearchEntry.objects.values_list("object_id", "site_id"))
    assert entries == {here.pk: 1, there.pk: other_site.pk}
    assert "Long Hữu" in out.getvalue()
    with working_on(other_site):
        assert titles(Search(parse_query("hoi nghi"))) == ["Hội nghị tập huấn cộng tác viên xã Long Hữu"]


def test_a_search_across_sites_names_them_in_its_queries(two_sites, other_site):
    with all_sites():  # what a network-wide page would do: no scope, the sites given
        assert len(titles(Search(parse_query("hoi nghi"), site_ids=[1, other_site.pk]))) == 2
        assert len(titles(Search(parse_query("hoi nghi"), site_ids=[other_site.pk]))) == 1
