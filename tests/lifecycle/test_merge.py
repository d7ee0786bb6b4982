"""Merging one commune's site into another's: everything moves in one transaction, addresses
follow, numbers stay unique, history is kept; a dry run and a failure change nothing."""

import datetime

import pytest
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command
from django.utils import timezone

from committee.models import Appointment, Person, Role, Unit
from documents.models import Document, DocumentType, IssuingBody
from lifecycle import merge as merge_module
from lifecycle.archive import DeleteRefused, archive, delete_site
from lifecycle.create import NewCommittee, create_committee
from lifecycle.merge import MergeRefused, merge_committees
from network.api import all_sites, working_on
from network.models import Committee, MovedPath, Status
from news.models import Article, Category
from stats.counter import compute_numbers
from stats.models import DailyVisits

pytestmark = pytest.mark.django_db


def commune(host: str, name: str) -> Site:
    return create_committee(NewCommittee(host=host, full_name=name, short_name=name, level="xa"))


def publish(site, slug_word: str, number: int, title: str):
    with working_on(site):
        Article.objects.create(
            title=title,
            slug=f"tin-{slug_word}",
            category=Category.objects.get(slug="tin-hoat-dong"),
            body="<p>Nội dung.</p>",
            status="published",
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
        Document.objects.create(
            doc_type=DocumentType.objects.get(name="Kế hoạch"),
            issuing_body=IssuingBody.objects.get(),
            number=number,
            title=f"Kế hoạch {title}",
            summary="Trích yếu.",
            issue_date=datetime.date(2025, 9, 1),
            is_published=True,
        )
        person = Person.objects.create(full_name=f"Nguyễn Văn {slug_word}")
        unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao")
        Appointment.objects.create(
            person=person,
            unit=unit,
            role=Role.objects.get(name="Trưởng ban"),
            start_date=datetime.date(2025, 9, 1),
        )
        DailyVisits.objects.create(day=datetime.date(2025, 12, 1), visits=100)


@pytest.fixture
def pair():
    old = commune("xaa.test", "Ban Chỉ đạo 35 xã A")
    new = commune("xab.test", "Ban Chỉ đạo 35 xã B")
    publish(old, "chung", 1, "của xã A")
    publish(new, "chung", 1, "của xã B")  # the same article slug, the same document number
    return old, new


def counts(site) -> dict:
    with working_on(site):
        return {
            "articles": Article.objects.count(),
            "documents": Document.objects.count(),
            "people": Person.objects.count(),
            "appointments": Appointment.objects.count(),
            "categories": Category.objects.count(),
        }


def test_a_merge_moves_everything_and_keeps_numbers_slugs_and_history_unique(pair, client):
    old, new = pair
    report = merge_committees(old, new)
    assert counts(old)["articles"] == 0 and counts(old)["documents"] == 0
    after = counts(new)
    assert after["articles"] == 2 and after["documents"] == 2 and after["appointments"] == 2
    assert after["categories"] == 4  # the same sections, merged by address
    with working_on(new):
        slugs = sorted(Article.objects.values_list("slug", flat=True))
        assert slugs == ["tin-chung", "tin-chung-2"]
        # Same number, same type: the issuers are two bodies, so the numbers stay unique.
        assert Document.objects.filter(number=1).count() == 2
        assert IssuingBody.objects.count() == 2
        # Both committees' appointments, with their dates; OLD's unit kept apart under a new address.
        assert (
            sorted(Appointment.objects.values_list("start_date", flat=True))
            == [datetime.date(2025, 9, 1)] * 2
        )
        assert sorted(Unit.objects.values_list("slug", flat=True)) == ["ban-chi-dao", "ban-chi-dao-2"]
        assert sorted(Unit.objects.values_list("name", flat=True)) == [
            "Ban Chỉ đạo",
            "Ban Chỉ đạo (Ban Chỉ đạo 35 xã A)",
        ]
    assert compute_numbers(site_id=new.pk).total == 200
    assert report.moved and report.visits == 100
    # OLD's addresses lead to the matching pages on NEW, the renamed one included.
    assert MovedPath.objects.filter(old_site=old, old_path="/tin-tuc/bai/tin-chung/").exists()
    response = client.get("/tin-tuc/bai/tin-chung/", HTTP_HOST="xaa.test")
    assert response.status_code == 301
    assert response["Location"] == "http://xab.test/tin-tuc/bai/tin-chung-2/"
    assert (
        client.get(response["Location"].removeprefix("http://xab.test"), HTTP_HOST="xab.test").status_code
        == 200
    )
    home = client.get("/", HTTP_HOST="xaa.test")
    assert "đã hợp nhất vào" in home.content.decode() and "Ban Chỉ đạo 35 xã B" in home.content.decode()
    assert Committee.objects.get(site=old).status == Status.MERGED


def test_a_dry_run_reports_what_would_move_and_changes_nothing(pair, capsys):
    old, new = pair
    before_old, before_new = counts(old), counts(new)
    call_command("merge_committees", "xaa.test", "xab.test", "--dry-run")
    out = capsys.readouterr().out
    assert "Chạy thử" in out and "chuyển" in out
    assert counts(old) == before_old and counts(new) == before_new
    assert Committee.objects.get(site=old).status == Status.ACTIVE
    assert not MovedPath.objects.exists()


def test_a_merge_interrupted_half_way_moves_nothing(pair, monkeypatch):
    old, new = pair
    before_old, before_new = counts(old), counts(new)
    real = merge_module._merge_model
    seen = []

    def fail_after_three(model, *args):
        seen.append(model)
        if len(seen) == 4:
            raise RuntimeError("máy chủ mất điện giữa chừng")
        return real(model, *args)

    monkeypatch.setattr(merge_module, "_merge_model", fail_after_three)
    with pytest.raises(RuntimeError):
        merge_committees(old, new)
    assert counts(old) == before_old and counts(new) == before_new
    assert Committee.objects.get(site=old).status == Status.ACTIVE


def test_a_merge_that_no_suffix_can_fix_is_refused_with_a_message(pair, monkeypatch):
    old, new = pair
    # A rule with no name or address in it: the number of a document per issuer, type and term,
    # when both sites share the issuer row's name (made the same body on purpose).
    with all_sites():
        IssuingBody.objects.all_sites().filter(site=old).update(name="Ban Chỉ đạo chung", slug="bcd-chung")
        IssuingBody.objects.all_sites().filter(site=new).update(name="Ban Chỉ đạo chung", slug="bcd-chung")
    monkeypatch.setitem(merge_module.SAME_BY_NAME, "documents.issuingbody", ("name",))
    before_old, before_new = counts(old), counts(new)
    with pytest.raises(MergeRefused, match="trùng với một mục"):
        merge_committees(old, new)
    assert counts(old) == before_old and counts(new) == before_new


def test_merging_into_itself_or_twice_is_refused(pair):
    old, new = pair
    with pytest.raises(CommandError, match="chính nó"):
        call_command("merge_committees", "xaa.test", "xaa.test")
    merge_committees(old, new)
    with pytest.raises(MergeRefused, match="đã được hợp nhất"):
        merge_committees(old, new)


def test_deleting_a_site_with_content_is_refused_and_an_empty_one_goes(pair):
    old, new = pair
    with pytest.raises(DeleteRefused, match="Không thể xóa Ban Chỉ đạo 35 xã A: cổng còn"):
        delete_site(old)
    assert Site.objects.filter(pk=old.pk).exists()
    empty = commune("xac.test", "Ban Chỉ đạo 35 xã C")
    delete_site(empty)
    assert not Site.objects.filter(domain="xac.test").exists()


def test_an_archived_site_is_read_only_for_its_staff_and_readable_for_everyone(
    pair, client, django_user_model
):
    from tests.conftest import give_role, login_staff

    old, _ = pair
    secretary = django_user_model.objects.create_user(
        "thuky-a", password="Mat-khau-rat-dai-2026!", is_staff=True
    )
    give_role(secretary, "Thư ký", site_id=old.pk)
    archive(old)
    assert client.get("/", HTTP_HOST="xaa.test").status_code == 200
    staff = login_staff(client, secretary)
    with working_on(old):
        person = Person.objects.first()
    url = f"/quan-tri/committee/person/{person.pk}/change/"
    assert staff.post(url, {"full_name": "Sửa khi đã lưu trữ"}, HTTP_HOST="xaa.test").status_code == 403
    assert staff.get("/quan-tri/committee/person/add/", HTTP_HOST="xaa.test").status_code == 403
    with working_on(old):
        assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Văn chung"
