"""Public pages: organisation, member, history — content, privacy, identity and query counts."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committee.models import Appointment, Person

pytestmark = pytest.mark.django_db
D = datetime.date

ORGANISATION = "/ban-chi-dao/"
HISTORY = "/ban-chi-dao/qua-cac-thoi-ky/"


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _one_h1(response) -> None:
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


@pytest.fixture
def committee(make_person, appoint, site_identity):
    chair = make_person("Phan Văn Nhặn", main_position="Phó Bí thư Thường trực Huyện ủy")
    deputy = make_person("Trần Thị Thu Hà", main_position="Trưởng Ban Tuyên giáo")
    member = make_person("Nguyễn Văn Đức", main_position="Trưởng Ban Tổ chức")
    former = make_person("Lê Hoàng Phúc", main_position="Nguyên Phó Chủ tịch UBND")
    appoint(chair, role="Trưởng ban", duties="Phụ trách chung.", decision_text="Quyết định số 245-QĐ/HU")
    appoint(deputy, role="Phó Trưởng ban Thường trực")
    appoint(deputy, role="Tổ trưởng", unit="secretariat")
    appoint(member, role="Thành viên", order=2)
    appoint(former, role="Phó Trưởng ban", end=D(2023, 7, 14))
    return {"chair": chair, "deputy": deputy, "member": member, "former": former}


def test_organisation_page_lists_members_by_role_rank_with_position(citizen, committee):
    response = citizen.get(ORGANISATION)
    _one_h1(response)
    main = _main(response)
    assert "Ban Chỉ đạo 35 huyện Duyên Hải" in main  # the site identity, not a literal
    assert "Chức năng, nhiệm vụ" in main and "Tham mưu cho cấp ủy." in main
    steering = main[main.index('id="don-vi-ban-chi-dao"') : main.index('id="don-vi-to-giup-viec"')]
    assert (
        steering.index("Phan Văn Nhặn") < steering.index("Trần Thị Thu Hà") < steering.index("Nguyễn Văn Đức")
    )
    assert "Trưởng ban" in steering and "Phó Bí thư Thường trực Huyện ủy" in steering
    assert 'href="/ban-chi-dao/thanh-vien/phan-van-nhan/"' in steering
    # Nobody has a photo: a neutral figure, drawn by the stylesheet rather than an image per card.
    assert 'class="member-card__photo member-card__photo--none"' in steering
    assert "<img" not in steering


def test_the_stylesheet_draws_the_placeholder_of_a_member_without_a_photo():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("committee/committee.css")).read_text()
    rule = css[css.index(".member-card__photo--none {") :]
    assert 'url("person-placeholder.svg")' in rule[: rule.index("}")]
    assert finders.find("committee/person-placeholder.svg")


def test_organisation_chart_is_nested_lists_with_headings(citizen, committee):
    main = _main(citizen.get(ORGANISATION))
    chart = main[main.index('class="org-chart"') : main.index('id="thanh-vien"')]
    assert chart.count('<ol class="org-chart__level') == 2
    assert re.search(
        r"<h3 class=\"org-chart__title\"><a href=\"#don-vi-ban-chi-dao\">Ban Chỉ đạo</a></h3>", chart
    )
    assert re.search(
        r"<h4 class=\"org-chart__title\"><a href=\"#don-vi-to-giup-viec\">Tổ giúp việc</a></h4>", chart
    )
    assert "<dt>Trưởng ban</dt>" in chart and "<dd>Phan Văn Nhặn</dd>" in chart
    assert "<img" not in chart


def test_photo_is_rendered_through_the_picture_tag(citizen, committee):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from imaging.pipeline import make_renditions
    from tests.imaging.conftest import make_jpeg

    chair = committee["chair"]
    default_storage.save("committee/people/abc.jpg", ContentFile(make_jpeg((600, 800))))
    make_renditions("committee/people/abc.jpg")  # what the background job does after an upload
    Person.objects.filter(pk=chair.pk).update(
        photo="committee/people/abc.jpg", photo_width=600, photo_height=800
    )
    main = _main(citizen.get(ORGANISATION))
    assert '<source type="image/webp" srcset="/media/renditions/committee/people/abc-480.webp 480w' in main
    assert 'loading="lazy"' in main


def test_former_member_is_shown_under_history_not_in_the_current_list(citizen, committee):
    current = _main(citizen.get(ORGANISATION))
    assert "Lê Hoàng Phúc" not in current
    response = citizen.get(HISTORY)
    _one_h1(response)
    history = _main(response)
    assert "Lê Hoàng Phúc" in history and "Phó Trưởng ban" in history
    assert "10/08/2020 – 14/07/2023" in history
    assert "Phan Văn Nhặn" not in history


def test_history_groups_former_members_by_reorganisation(citizen, committee, make_person, appoint):
    from committee.models import Reorganisation

    reorganisation = Reorganisation.objects.create(
        date=D(2023, 7, 14), decision_text="Quyết định số 1024-QĐ/HU"
    )
    Appointment.objects.filter(person=committee["former"]).update(ended_by=reorganisation)
    appoint(make_person("Bùi Thanh Sang"), end=D(2021, 3, 1))
    history = _main(citizen.get(HISTORY))
    assert "Thôi tham gia khi kiện toàn ngày 14/07/2023, theo Quyết định số 1024-QĐ/HU." in history
    assert "Thôi tham gia ngày 01/03/2021." in history
    assert history.index("14/07/2023") < history.index("01/03/2021")  # newest period first


def test_member_page_shows_current_and_past_appointments_duties_and_decision(citizen, committee, appoint):
    chair = committee["chair"]
    appoint(chair, role="Thành viên", unit="secretariat", start=D(2019, 9, 1), end=D(2020, 8, 10))
    response = citizen.get(chair.get_absolute_url())
    _one_h1(response)
    main = _main(response)
    assert "<h1" in main and "Phan Văn Nhặn</h1>" in main and "Đồng chí" in main
    current = main[main.index("Chức danh hiện nay") : main.index("Đã đảm nhiệm")]
    past = main[main.index("Đã đảm nhiệm") :]
    assert "Trưởng ban – Ban Chỉ đạo" in current and "Phụ trách chung." in current
    assert "Quyết định số 245-QĐ/HU" in current
    assert "Thành viên – Tổ giúp việc" in past and "đến ngày 10/08/2020" in past


def test_member_page_with_no_public_contact_shows_no_contact(citizen, committee):
    member = committee["member"]
    member.phone, member.email = "0294 3832 111", "duc@example.vn"
    member.save()  # switches off by default
    main = _main(citizen.get(member.get_absolute_url()))
    assert "0294 3832 111" not in main and "duc@example.vn" not in main
    assert "Điện thoại" not in main and "tel:" not in main and "mailto:" not in main


def test_member_page_shows_only_the_contact_switched_on(citizen, committee):
    member = committee["member"]
    member.phone, member.show_phone, member.email = "0294 3832 111", True, "duc@example.vn"
    member.save()
    main = _main(citizen.get(member.get_absolute_url()))
    assert 'href="tel:02943832111"' in main
    assert "duc@example.vn" not in main


def test_former_member_page_says_no_current_role(citizen, committee):
    main = _main(citizen.get(committee["former"].get_absolute_url()))
    assert "Hiện không còn giữ chức danh nào trong Ban Chỉ đạo 35 huyện Duyên Hải." in main


def test_person_without_a_started_appointment_has_no_page(citizen, make_person, appoint, site_identity):
    nobody = make_person("Người Chưa Phân Công")
    assert citizen.get(nobody.get_absolute_url()).status_code == 404
    future = make_person("Người Sắp Nhận")
    appoint(future, start=D(2999, 1, 1))
    assert citizen.get(future.get_absolute_url()).status_code == 404


def test_pages_follow_the_site_identity_not_a_hard_coded_level(citizen, committee, site_identity):
    from pages.models import Level

    site_identity.level, site_identity.locality = Level.COMMUNE, "Long Hữu"
    site_identity.short_name = "Ban Chỉ đạo 35 xã Long Hữu"
    site_identity.full_name = "Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng xã Long Hữu"
    site_identity.parent_body = "Đảng ủy xã Long Hữu"
    site_identity.save()
    Person.objects.update(main_position="Cán bộ")  # the fixture's positions mention "Huyện ủy"
    for url in [
        ORGANISATION,
        HISTORY,
        committee["chair"].get_absolute_url(),
        committee["former"].get_absolute_url(),
    ]:
        main = _main(citizen.get(url))
        assert "huyện" not in main.lower(), url
    assert "Ban Chỉ đạo 35 xã Long Hữu" in _main(citizen.get(ORGANISATION))


def test_news_that_mention_the_member_are_listed(citizen, committee):
    from django.utils import timezone

    from news.models import Article, Category, Status

    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    published = Article.objects.create(
        title="Hội nghị triển khai kế hoạch",
        category=category,
        status=Status.PUBLISHED,
        publish_at=timezone.now(),
    )
    draft = Article.objects.create(title="Bản nháp chưa đăng", category=category)
    published.people.add(committee["chair"])
    draft.people.add(committee["chair"])
    main = _main(citizen.get(committee["chair"].get_absolute_url()))
    assert "Hội nghị triển khai kế hoạch" in main and published.get_absolute_url() in main
    assert "Bản nháp chưa đăng" not in main


def test_a_large_unit_shows_its_first_cards_and_links_to_its_own_paginated_page(
    citizen, make_person, appoint, site_identity
):
    from committee.views import CARDS_PER_UNIT_ON_ORGANISATION as SHOWN
    from committee.views import MEMBERS_PER_UNIT_PAGE as PER_PAGE

    chair = make_person("Phan Văn Nhặn")
    appoint(chair, role="Trưởng ban")
    total = PER_PAGE + 12
    for i in range(total - 1):
        appoint(make_person(f"Cộng Tác Viên {i:03d}"), role="Thành viên", order=i + 1)
    organisation = citizen.get(ORGANISATION).content.decode()
    steering = organisation[organisation.index('id="don-vi-ban-chi-dao"') :]
    assert steering.count('class="member-card"') == SHOWN
    assert "Phan Văn Nhặn" in steering  # the Trưởng ban ranks first, so is always shown
    assert f"Xem đầy đủ {total} thành viên của Ban Chỉ đạo" in steering
    first = citizen.get("/ban-chi-dao/don-vi/ban-chi-dao/")
    _one_h1(first)
    html = first.content.decode()
    assert html.count('class="member-card"') == PER_PAGE and f"{total} thành viên hiện nay" in html
    assert 'href="?trang=2"' in html
    second = citizen.get("/ban-chi-dao/don-vi/ban-chi-dao/?trang=2").content.decode()
    assert second.count('class="member-card"') == total - PER_PAGE
    assert "Cộng Tác Viên 058" in second


def test_a_small_unit_has_no_link_to_a_separate_page(citizen, committee):
    assert "Xem đầy đủ" not in citizen.get(ORGANISATION).content.decode()
    assert citizen.get("/ban-chi-dao/don-vi/khong-co/").status_code == 404


def test_pages_answer_only_get_and_head(citizen, committee):
    assert citizen.post(ORGANISATION).status_code == 405


# --- query counts -------------------------------------------------------------------------------
def _populate(n: int, roles, units) -> Person:
    """n people, each with a current appointment and a past one, half of them with a photo."""
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Thành Viên {i:03d}",
            slug=f"thanh-vien-{i:03d}",
            main_position="Chức vụ",
            **(
                {"photo": f"committee/people/p{i}.jpg", "photo_width": 600, "photo_height": 800}
                if i % 2
                else {}
            ),
        )
        for i in range(n)
    )
    role_cycle = [roles["Trưởng ban"], roles["Phó Trưởng ban"], roles["Thành viên"], roles["Tổ trưởng"]]
    Appointment.objects.bulk_create(
        [
            Appointment(
                person=p,
                unit=units["steering"] if i % 3 else units["secretariat"],
                role=role_cycle[i % 4],
                start_date=D(2023, 7, 14),
                decision_text="Quyết định số 1024-QĐ/HU",
                duties="Nhiệm vụ.",
                order=i,
            )
            for i, p in enumerate(people)
        ]
        + [
            Appointment(
                person=p,
                unit=units["steering"],
                role=roles["Cộng tác viên"],
                start_date=D(2020, 8, 10),
                end_date=D(2023, 7, 14),
            )
            for p in people
        ]
    )
    return people[0]


def _count(client, url) -> tuple[int, int]:
    """Queries of one render of the page (not of a reuse of its rendered fragments)."""
    client.get(url)  # warm the identity and navigation caches
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    committee_queries = [q for q in ctx.captured_queries if '"committee_' in q["sql"]]
    return len(ctx.captured_queries), len(committee_queries)


UNIT = "/ban-chi-dao/don-vi/ban-chi-dao/"


@pytest.mark.parametrize(
    "url_of", [lambda p: ORGANISATION, lambda p: HISTORY, lambda p: p.get_absolute_url(), lambda p: UNIT]
)
def test_public_pages_run_a_constant_number_of_queries(citizen, roles, units, site_identity, url_of):
    first = _populate(5, roles, units)
    total_5, committee_5 = _count(citizen, url_of(first))
    Person.objects.all().delete()
    first = _populate(200, roles, units)
    total_200, committee_200 = _count(citizen, url_of(first))
    assert (total_200, committee_200) == (total_5, committee_5)
    # Organisation: units + appointments; history: appointments; member: person + appointments
    # (the news mentions are one more query, on the news tables).
    # Unit page: the unit, the count and the page of appointments.
    assert committee_200 == {ORGANISATION: 2, HISTORY: 1, UNIT: 3}.get(url_of(first), 2)


def test_organisation_page_query_count_is_pinned(
    citizen, roles, units, site_identity, django_assert_num_queries
):
    _populate(5, roles, units)
    total_5, _ = _count(citizen, ORGANISATION)
    Person.objects.all().delete()
    _populate(200, roles, units)
    citizen.get(ORGANISATION)
    caches["fragments"].clear()
    with django_assert_num_queries(total_5):
        citizen.get(ORGANISATION)
