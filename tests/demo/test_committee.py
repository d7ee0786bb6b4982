"""The demo committee: the seed article's chair, a realistic composition and one kiện toàn."""

import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from committee.models import Appointment, Person, Reorganisation
from committee.sitemaps import SITEMAPS
from demo import committee as demo

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_demo_shows_the_chair_and_the_2023_reorganisation_and_loads_once(citizen, site_identity, quiet):
    demo.load(quiet)
    counts = (Person.objects.count(), Appointment.objects.count(), Reorganisation.objects.count())
    demo.load(quiet)
    assert (Person.objects.count(), Appointment.objects.count(), Reorganisation.objects.count()) == counts
    assert counts[2] == 1

    organisation = _main(citizen.get("/ban-chi-dao/"))
    cards = re.findall(r'<article class="member-card">.*?</article>', organisation, re.S)
    chair_card = next(card for card in cards if "Phan Văn Nhặn" in card)
    assert '<p class="member-card__role">Trưởng ban</p>' in chair_card
    assert "Phó Bí thư Thường trực Huyện ủy" in chair_card
    assert cards.index(chair_card) == 0  # the first card of the first unit
    for unit in ["Cơ quan thường trực", "Tổ giúp việc", "Ban Biên tập trang fanpage", "Nhóm cộng tác viên"]:
        assert unit in organisation
    assert "dữ liệu mẫu" in organisation

    history = _main(citizen.get("/ban-chi-dao/qua-cac-thoi-ky/"))
    assert "Thôi tham gia khi kiện toàn ngày 14/07/2023" in history
    assert "Lê Hoàng Phúc" in history and "Lê Hoàng Phúc" not in organisation


def test_demo_people_are_marked_and_have_generated_portraits(site_identity, quiet):
    demo.load(quiet)
    chair = Person.objects.get(full_name="Phan Văn Nhặn")
    assert chair.main_position == "Phó Bí thư Thường trực Huyện ủy"
    others = Person.objects.exclude(pk=chair.pk)
    assert all("(dữ liệu mẫu)" in p.main_position and "không phải người thật" in p.biography for p in others)
    assert all(
        p.photo and (p.photo_width, p.photo_height) == demo.PORTRAIT_SIZE for p in Person.objects.all()
    )
    # One person holds several current appointments (member, standing body, secretariat head).
    assert Appointment.objects.current().filter(person__full_name="Nguyễn Thị Mẫu").count() == 3


def test_full_demo_links_decisions_documents_and_the_seed_article(citizen, quiet):
    call_command("load_demo", stdout=quiet)
    chair = Person.objects.get(full_name="Phan Văn Nhặn")
    page = _main(citizen.get(chair.get_absolute_url()))
    decision = Appointment.objects.get(person=chair, role__name="Trưởng ban").decision
    assert decision is not None  # the documents demo has the founding Quyết định
    assert f'href="{decision.get_absolute_url()}"' in page
    assert Reorganisation.objects.get().decision is not None
    assert re.search(r'href="/tin-tuc/[^"]+">Hội nghị triển khai kế hoạch, quy chế làm việc', page)
    # Documents are loaded before people exist; the committee demo links what he signed.
    from documents.models import Document

    signed = Document.objects.filter(signer_name=chair.full_name)
    assert signed.exists() and not signed.filter(signer_person__isnull=True).exists()


def test_sitemap_lists_the_committee_pages_and_public_members(site_identity, quiet):
    demo.load(quiet)
    site = SimpleNamespace(domain="bcd35.example.vn", name="BCĐ 35")
    urls = [
        item["location"] for cls in SITEMAPS.values() for item in cls().get_urls(site=site, protocol="https")
    ]
    paths = [re.sub(r"^https://[^/]+", "", url) for url in urls]
    assert "/ban-chi-dao/" in paths and "/ban-chi-dao/qua-cac-thoi-ky/" in paths
    assert "/ban-chi-dao/thanh-vien/phan-van-nhan/" in paths
    assert len([p for p in paths if "/thanh-vien/" in p]) == Person.objects.published().count()


def test_contact_person_and_signers_agree_with_the_committee(citizen, quiet):
    from pages.models import SiteSettings

    call_command("load_demo", stdout=quiet)
    site = SiteSettings.load()
    contact = Person.objects.get(full_name=site.contact_name)
    assert contact.main_position.startswith(site.contact_position)
    contact_page = _main(citizen.get("/lien-he/"))
    assert site.contact_position in contact_page
    organisation = _main(citizen.get("/ban-chi-dao/"))
    card = next(
        card
        for card in re.findall(r'<article class="member-card">.*?</article>', organisation, re.S)
        if site.contact_name in card
    )
    assert site.contact_position in card
    # Whoever signs a document is listed under the same name and title on the committee page.
    from documents.models import Document

    signers = Document.objects.values_list("signer_name", "signer_position").distinct()
    members = [(Person.objects.filter(full_name=name).first(), position) for name, position in signers]
    members = [(person, position) for person, position in members if person is not None]
    assert {person.full_name for person, _ in members} >= {"Phan Văn Nhặn", "Trần Thị Thu Hà"}
    for person, position in members:
        assert position.removesuffix(" (dữ liệu mẫu)").split(", ")[0] in person.main_position
    # No article gives a committee member's name to someone else.
    from news.models import Article

    people = set(Person.objects.values_list("full_name", flat=True))
    for article in Article.objects.exclude(people__isnull=False):
        assert not any(name in article.body or name in article.summary for name in people), article.title
