"""A committee with member committees shows their newest stories ("Tin từ cơ sở") on its home
page, each linking to the member's own site; a member never shows its parent's or siblings'."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.api import working_on
from network.models import Committee
from news.models import Article, Category
from tests.conftest import make_site

pytestmark = pytest.mark.django_db


def member(site, parent_id=1):
    committee = Committee.objects.get(site=site)
    committee.parent = Committee.objects.get(site_id=parent_id)
    committee.save()


def story(site, title, hours_ago=1, status="published"):
    with working_on(site):
        category = Category.objects.get_or_create(slug="tin-hoat-dong", defaults={"name": "Tin hoạt động"})[0]
        return Article.objects.create(
            title=title,
            category=category,
            body="<p>Nội dung.</p>",
            status=status,
            publish_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        )


def test_the_parent_home_shows_its_members_news_linking_to_their_hosts(client, site_identity, other_site):
    member(other_site)
    published = story(other_site, "Xã Long Hữu họp Ban Chỉ đạo")
    draft = story(other_site, "Bản nháp của xã", status="draft")
    html = client.get("/").content.decode()
    assert "Tin từ cơ sở" in html
    assert f'href="http://longhuu.test{published.get_absolute_url()}"' in html
    assert "Ban Chỉ đạo 35 xã Long Hữu" in html
    assert draft.title not in html


def test_a_member_never_shows_its_siblings_or_a_grassroots_block(client, site_identity, other_site):
    member(other_site)
    sibling = make_site("longho.test", "Ban Chỉ đạo 35 xã Long Hồ")
    member(sibling)
    story(sibling, "Tin của xã Long Hồ")
    html = client.get("/", HTTP_HOST="longhuu.test").content.decode()
    assert "Tin của xã Long Hồ" not in html
    assert "Tin từ cơ sở" not in html


def test_a_site_outside_the_network_is_not_aggregated(client, site_identity, other_site):
    story(other_site, "Tin của một xã không trực thuộc")
    html = client.get("/").content.decode()
    assert "Tin của một xã không trực thuộc" not in html
    assert "Tin từ cơ sở" not in html


def test_a_new_member_story_shows_on_the_parent_at_once_even_with_the_page_cache(
    client, site_identity, other_site, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    member(other_site)
    story(other_site, "Tin đầu tiên")
    client.get("/")
    assert "Tin thứ hai của xã" not in client.get("/").content.decode()
    story(other_site, "Tin thứ hai của xã")
    assert "Tin thứ hai của xã" in client.get("/").content.decode()


def test_the_home_page_costs_the_same_queries_with_one_member_or_twenty(client, site_identity, other_site):
    member(other_site)
    story(other_site, "Tin của xã 0")
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(19):
        site = make_site(f"xa{n}.test", f"Ban Chỉ đạo 35 xã {n}")
        member(site)
        story(site, f"Tin của xã số {n}", hours_ago=n + 2)
    client.get("/")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get("/")
    assert response.content.decode().count('class="grassroots__item"') == 6
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_the_six_newest_member_stories_come_first_whichever_member_wrote_them(
    client, site_identity, other_site
):
    # A busy member's stories are read per member (six each at most), then the newest six of all.
    member(other_site)
    quiet = make_site("longho.test", "Ban Chỉ đạo 35 xã Long Hồ")
    member(quiet)
    busy = [story(other_site, f"Tin xã Long Hữu số {n}", hours_ago=2 * n + 1) for n in range(8)]
    between = story(quiet, "Tin xã Long Hồ giữa", hours_ago=6)
    old = story(quiet, "Tin xã Long Hồ cũ", hours_ago=100)
    html = client.get("/").content.decode()
    block = html[html.index("Tin từ cơ sở") :]
    shown = [a.title for a in [*busy, between, old] if a.title in block]
    assert shown == [busy[n].title for n in range(5)] + [between.title]


def test_the_members_newest_stories_are_read_through_an_index_on_postgresql(site_identity, other_site):
    from django.utils import timezone

    from tests.conftest import requires_postgres

    requires_postgres()
    member(other_site)
    second = make_site("longho.test", "Ban Chỉ đạo 35 xã Long Hồ")
    member(second)
    members = [other_site.pk, second.pk]
    queryset = Article.objects.with_scope(site=members).published(timezone.now()).latest_per_site(6, members)
    sql, params = queryset.order_by("-publish_at")[:6].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: ask what it would do at scale
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    # Each member's newest rows in index order, a few each: never every member article sorted.
    branch_scans = re.findall(r"Index (?:Only )?Scan (?:Backward )?using news_article_published_order", plan)
    assert len(branch_scans) == len(members), plan


def test_which_member_stories_to_show_is_worked_out_once_per_write_not_on_every_render(
    client, site_identity, other_site
):
    # The per-member query (a branch per member site) is the costly part of a province's home:
    # its answer is kept until the next write here or below. Two members: with one, PostgreSQL
    # gets a single branch and no UNION to recognise it by.
    member(other_site)
    second = make_site("longho.test", "Ban Chỉ đạo 35 xã Long Hồ")
    member(second)
    story(other_site, "Tin xã thứ nhất")
    story(second, "Tin xã Long Hồ", hours_ago=3)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        html = client.get("/").content.decode()
    per_member = [q["sql"] for q in first.captured_queries if "UNION" in q["sql"] or "ROW_NUMBER" in q["sql"]]
    assert per_member and "Tin xã thứ nhất" in html
    assert not [q for q in second.captured_queries if q["sql"] in per_member]
    # The province's own stories and its communes' are then read fresh in one query.
    assert len([q for q in second.captured_queries if "news_article" in q["sql"]]) == 1
    story(other_site, "Tin xã thứ hai")
    assert "Tin xã thứ hai" in client.get("/").content.decode()
