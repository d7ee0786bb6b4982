"""Factories that create content through the other apps' own models (so the index is filled by
the real signal receivers), and the shared corpus of the query table."""

import datetime
import itertools
from pathlib import Path

import pytest
from django.utils import timezone

# The page the portal grew from, as published: the first row of the query table searches it.
SEED_ARTICLE = Path(__file__).parent / "fixtures" / "seed-article.txt"

_counter = itertools.count(1)


def seed_article_text() -> tuple[str, str]:
    """(title, body paragraphs) of the seed article, without the page chrome after the credit."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    text = text.split("Bản đồ hành chính")[0]
    title, _, rest = text.strip().partition("\n")
    paragraphs = [" ".join(p.split()) for p in rest.split("\n") if p.strip()]
    return title.strip(), "".join(f"<p>{p}</p>" for p in paragraphs)


def at(year: int, month: int = 1, day: int = 1, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


class Factory:
    """Creates content through the news, documents and committee models, with shared lookups
    (a category, three document types, an issuing body, the committee unit) made on first use."""

    def __init__(self):
        self._cache = {}

    def _once(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def category(self, slug="tin-hoat-dong", name="Tin hoạt động"):
        from news.models import Category

        return self._once(("category", slug), lambda: Category.objects.create(name=name, slug=slug))

    def doc_type(self, key):
        from documents.models import DocumentType

        names = {
            "kh": ("Kế hoạch", "KH", "ke-hoach"),
            "qc": ("Quy chế", "QC", "quy-che"),
            "qd": ("Quyết định", "QĐ", "quyet-dinh"),
        }
        name, abbreviation, slug = names[key]
        return self._once(
            ("doc_type", key),
            lambda: DocumentType.objects.create(name=name, abbreviation=abbreviation, slug=slug),
        )

    def issuer(self):
        from documents.models import IssuingBody

        return self._once(
            "issuer",
            lambda: IssuingBody.objects.create(
                name="Ban Chỉ đạo 35 huyện Duyên Hải",
                abbreviation="BCĐ",
                numbering=IssuingBody.Numbering.YEAR,
                slug="bcd-35",
            ),
        )

    def unit(self):
        from committee.models import Unit

        return self._once("unit", lambda: Unit.objects.create(name="Ban Chỉ đạo", kind=Unit.Kind.STEERING))

    def article(self, title, body="", *, summary="", when=None, status="published", cat=None, expire_at=None):
        from news.models import Article

        return Article.objects.create(
            title=title,
            summary=summary,
            body=body,
            category=cat or self.category(),
            status=status,
            publish_at=when or at(2021, 3, 12),
            expire_at=expire_at,
        )

    def document(
        self, title, *, number=None, kind="kh", summary="", issued=None, published=True, body_text=""
    ):
        from documents.models import Document

        document = Document.objects.create(
            doc_type=self.doc_type(kind),
            issuing_body=self.issuer(),
            number=number if number is not None else 100 + next(_counter),
            title=title,
            summary=summary or title,
            issue_date=issued or datetime.date(2021, 3, 10),
            is_published=published,
        )
        if body_text:
            attach_text(document, body_text)
        return document

    def person(self, full_name, *, position="", role="Thành viên", start=None, appointed=True):
        from committee.models import Appointment, Person, Role

        person = Person.objects.create(full_name=full_name, main_position=position)
        if appointed:
            Appointment.objects.create(
                person=person,
                unit=self.unit(),
                role=Role.objects.get(name=role),
                start_date=start or datetime.date(2020, 8, 10),
            )
        return person


def attach_text(document, text: str):
    """An attachment whose extracted text is given (the upload pipeline is the documents app's)."""
    from documents.models import Attachment

    return Attachment.objects.create(
        document=document,
        title="Toàn văn",
        file=f"van-ban/test-{next(_counter)}.pdf",
        original_name="toan-van.pdf",
        kind="pdf",
        size=1,
        sha256="0" * 64,
        text=text,
    )


@pytest.fixture
def factory(db):
    return Factory()


@pytest.fixture
def category(factory):
    return factory.category()


@pytest.fixture
def other_category(factory):
    return factory.category("tong-hop", "Tin tức tổng hợp")


@pytest.fixture
def make_article(factory):
    return factory.article


@pytest.fixture
def make_document(factory):
    return factory.document


@pytest.fixture
def make_person(factory):
    return factory.person
