"""A committee with member committees searches documents across its network, or one member's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import DocumentType, IssuingBody
from network.api import working_on
from network.models import Committee
from tests.conftest import make_site

from .test_sites import lookups_here, new_document

pytestmark = pytest.mark.django_db


def listed(response) -> str:
    """The list's table only (the sidebar's "Văn bản mới" shows this site's newest anyway)."""
    html = response.content.decode()
    start = html.find("<table")
    return html[start : html.find("</table>", start)] if start != -1 else ""


def _member_of_first(site):
    committee = Committee.objects.get(site=site)
    committee.parent = Committee.objects.get(site_id=1)
    committee.save()


@pytest.fixture
def network(other_site):
    _member_of_first(other_site)
    ours = new_document(lookups_here(), number=1, title="Kế hoạch của cổng tỉnh")
    with working_on(other_site):
        theirs = new_document(lookups_here(), number=1, title="Kế hoạch của xã Long Hữu")
    return ours, theirs, other_site


def test_the_list_shows_this_committee_only_unless_the_network_is_asked_for(client, network):
    ours, theirs, other = network
    own = listed(client.get("/van-ban/"))
    assert ours.title in own and theirs.title not in own
    everything = listed(client.get("/van-ban/?ban_chi_dao=tat-ca"))
    assert ours.title in everything and theirs.title in everything
    assert f"http://longhuu.test{theirs.get_absolute_url()}" in everything
    assert "Ban Chỉ đạo 35 xã Long Hữu" in everything


def test_one_member_committee_can_be_chosen_and_filters_still_apply(client, network):
    ours, theirs, other = network
    one = listed(client.get(f"/van-ban/?ban_chi_dao={other.pk}"))
    assert theirs.title in one and ours.title not in one
    typed = client.get(f"/van-ban/?ban_chi_dao={other.pk}&loai=ke-hoach").content.decode()
    assert theirs.title in typed
    assert "Có 1 văn bản" in typed


def test_a_site_outside_the_network_cannot_be_asked_for(client, network):
    ours, theirs, other = network
    outsider = make_site("xa-khac.test", "Ban Chỉ đạo 35 xã Khác")
    with working_on(outsider):
        stranger = new_document(lookups_here(), number=9, title="Văn bản của xã ngoài mạng lưới")
    page = listed(client.get(f"/van-ban/?ban_chi_dao={outsider.pk}"))
    assert stranger.title not in page
    assert ours.title in page  # a bad choice is ignored, like any other bad filter


def test_a_member_site_has_no_network_choice(client, network):
    page = client.get("/van-ban/", HTTP_HOST="longhuu.test").content.decode()
    assert "ban_chi_dao" not in page


def test_the_network_search_costs_the_same_queries_with_one_member_or_twenty(client, network):
    client.get("/van-ban/?ban_chi_dao=tat-ca")
    with CaptureQueriesContext(connection) as one:
        client.get("/van-ban/?ban_chi_dao=tat-ca&trang=1")
    for n in range(19):
        site = make_site(f"xa{n}.test", f"Ban Chỉ đạo 35 xã {n}")
        _member_of_first(site)
        with working_on(site):
            new_document(lookups_here(), number=n + 2, title=f"Kế hoạch của xã {n}")
    client.get("/van-ban/?ban_chi_dao=tat-ca")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get("/van-ban/?ban_chi_dao=tat-ca&trang=1")
    assert "Có 21 văn bản" in response.content.decode()
    assert len(twenty.captured_queries) == len(one.captured_queries)


def _lookups_there() -> dict:
    """The network fixture's type and body on the site being worked on, and a second of each."""
    return {
        "plan": DocumentType.objects.get(slug="ke-hoach"),
        "committee": IssuingBody.objects.get(slug="ban-chi-dao"),
        "rules": DocumentType.objects.create(name="Quy chế", abbreviation="QC", slug="quy-che"),
        "state": IssuingBody.objects.create(name="Ủy ban nhân dân xã", abbreviation="UBND", slug="ubnd"),
    }


def test_words_are_matched_whole_across_the_network_not_inside_other_words(client, network):
    ours, theirs, other = network
    with working_on(other):
        there = _lookups_there()
        meeting = new_document(there, number=2, title="Hội nghị sơ kết công tác tuyên truyền")
        outing = new_document(there, number=3, title="Kế hoạch tổ chức vui chơi cho thiếu nhi")
    found = listed(client.get("/van-ban/?ban_chi_dao=tat-ca&q=hoi"))
    # "hoi" is the start of "hội", never the middle of "chơi" (folded "choi").
    assert meeting.title in found and outing.title not in found
    assert meeting.title in listed(client.get("/van-ban/?ban_chi_dao=tat-ca&q=HỘI NGHỊ sơ kết"))
    assert ours.title not in found


def test_the_network_list_finds_words_through_the_search_index_and_never_reads_the_texts(client, network):
    """The words are looked up in the search index (GIN on PostgreSQL, FTS5 on SQLite), and the
    list never reads the text extracted from each document's files: across 50 committees that
    text is what made one page take seconds (docs/performance.md)."""
    ours, theirs, other = network
    client.get("/van-ban/?ban_chi_dao=tat-ca&q=ke+hoach")  # the count, kept for the next pages
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/van-ban/?ban_chi_dao=tat-ca&q=ke+hoach")
    assert ours.title in listed(response) and theirs.title in listed(response)
    [page] = [q["sql"] for q in captured.captured_queries if 'FROM "documents_document"' in q["sql"]]
    assert "search_searchentry" in page
    assert "search_text" not in page
