"""The pages the bench measures cost the same number of queries on a platform of 2 committees and
of 6: the bench's own platform seed (bench/seed.py, a province and its communes made through
lifecycle.create_committee, each with its sections, people, articles and documents), small.

"50 committees vs 1" in `make bench` reads throughput; this reads the cause a page would lose it
by: a query per member site. The province's home carries "Tin từ cơ sở" (its communes' newest
stories) and the network-wide document search reads every member's documents."""

import pytest
from django.contrib.sites.models import Site
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import seed
from network.api import working_on
from search.models import Kind

pytestmark = pytest.mark.django_db

ARTICLES, DOCUMENTS = 30, 8  # per site: enough for the pages' picks (the 6th article, the 4th document)
NO_PHOTOS = [("", None, None)]  # a photo's renditions are file names, not queries
PDF = {
    "file": "bench/toan-van-1.pdf",
    "original_name": "Toàn văn 1.pdf",
    "kind": "pdf",
    "size": 2048,
    "sha256": "0" * 64,
    "page_count": 2,
    "text": "Kế hoạch tổ chức hội nghị quán triệt Nghị quyết.",
}


@pytest.fixture(autouse=True)
def _small_seed(monkeypatch):
    monkeypatch.setattr(seed, "pdf_pool", lambda: [PDF])  # no PDFs made and read here
    monkeypatch.setattr(seed, "_memoise_words", lambda: None)  # the search app's own functions
    monkeypatch.setattr(seed, "PEOPLE", 40)
    monkeypatch.setattr(seed, "APPOINTMENTS", 80)


def grow_platform(committees: int) -> list:
    """The bench's platform of `committees` sites, each site seeded (the visit history is
    PostgreSQL's own SQL and costs the pages no query: left out)."""
    sites = seed.network(Site.objects.get(pk=1), committees, "86")
    for site in sites:
        with working_on(site):
            seed.index(Kind.ARTICLE, seed.seed_articles(ARTICLES, NO_PHOTOS, site.pk))
            seed.index(Kind.DOCUMENT, seed.seed_documents(DOCUMENTS, site.pk))
            seed.index(Kind.PERSON, seed.seed_people(NO_PHOTOS, site.pk))
    return sites


def cold_queries(client, paths: dict) -> dict[str, list[str]]:
    """The SQL each page runs with every cache empty, the processes' own copies included (the
    host map, and the banners, which a page read less than five seconds before would lend)."""
    from network import hosts
    from notices.active import forget as forget_banners

    sql = {}
    for name, path in paths.items():
        for each in caches.all():
            each.clear()
        hosts._memo = None
        forget_banners()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path)
        sql[name] = [q["sql"] for q in queries.captured_queries]
    return sql


def _differences(two: dict, six: dict) -> str:
    """The queries of the pages whose counts differ, first words of each, for the failure."""
    lines = []
    for name in two:
        if len(two[name]) != len(six[name]):
            lines.append(f"{name}: {len(two[name])} queries with 2 committees, {len(six[name])} with 6")
            lines += [f"  2: {q[:120]}" for q in two[name]] + [f"  6: {q[:120]}" for q in six[name]]
    return "\n".join(lines)


def test_the_measured_pages_cost_the_same_queries_with_2_and_with_6_committees(client, site_identity):
    sites = grow_platform(2)
    with working_on(sites[0]):
        paths = {name: path for name, path in seed.pages().items() if name != "baseline"}
    paths["network_documents"] = "/van-ban/?q=hoi+nghi&ban_chi_dao=tat-ca"
    two = cold_queries(client, paths)
    home = client.get("/").content.decode()
    assert "Tin từ cơ sở" in home and sites[1].domain in home

    sites = grow_platform(6)
    assert len(sites) == 6 and Site.objects.count() == 6
    six = cold_queries(client, paths)
    assert {k: len(v) for k, v in six.items()} == {k: len(v) for k, v in two.items()}, _differences(two, six)
