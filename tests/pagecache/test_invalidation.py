"""What staff change in the admin, in bulk or one by one, shows on public pages at once.

Every test warms the page cache (on, 15 s) first, as a citizen's visit would, then acts through
the admin changelist as staff do and reads the page again. The menu and the site identity,
kept in named keys of their own as well, are tests/pages/test_navigation_cache.py.
"""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from committee.models import Appointment, Person, Reorganisation, Role, Unit
from documents.models import Document, DocumentType, Field, IssuingBody
from news.models import Article, Category, Status, Tag
from pagecache.querysets import ContentQuerySet
from pagecache.signals import CONTENT_APPS
from pages.models import Page
from tests.admin_writes import act, bulk_delete, changelist, warm

pytestmark = pytest.mark.django_db

PAGE = "/gioi-thieu/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings, site_identity):
    settings.PAGE_CACHE_SECONDS = 15
    Page.objects.create(slug="gioi-thieu", title="Giới thiệu", body="<p>Ban Chỉ đạo 35.</p>")


# --- small factories ------------------------------------------------------------------------
def _category(name="Tin hoạt động", slug="tin-hoat-dong") -> Category:
    return Category.objects.create(name=name, slug=slug)


def _article(title: str, **fields) -> Article:
    values = {
        "category": fields.pop("category", None) or Category.objects.first() or _category(),
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(hours=1),
        "body": "<p>Nội dung.</p>",
    }
    values.update(fields)
    article = Article(title=title, **values)
    article.save()
    return article


def _document(title: str, **fields) -> Document:
    doc_type = DocumentType.objects.get_or_create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")[0]
    body = IssuingBody.objects.get_or_create(
        name="Ban Chỉ đạo 35 huyện Mẫu", abbreviation="BCĐ", slug="ban-chi-dao", numbering="year"
    )[0]
    values = {
        "doc_type": doc_type,
        "issuing_body": body,
        "number": Document.objects.count() + 1,
        "issue_date": datetime.date(2025, 3, 12),
        "signer_name": "Phan Văn Nhặn",
        "is_published": True,
    }
    values.update(fields)
    document = Document(title=title, **values)
    document.save()
    return document


def _member(full_name: str, unit: Unit | None = None) -> Appointment:
    unit = unit or Unit.objects.get_or_create(slug="ban-chi-dao", defaults={"name": "Ban Chỉ đạo"})[0]
    person = Person.objects.create(full_name=full_name, main_position="Phó Bí thư")
    return Appointment.objects.create(
        person=person,
        unit=unit,
        role=Role.objects.order_by("rank").first(),
        start_date=datetime.date(2020, 8, 10),
    )


# --- bulk delete: every admin list whose rows appear on public pages -------------------------
def _page():
    page = Page.objects.create(slug="lien-he", title="Liên hệ với Ban", body="<p>Điện thoại.</p>")
    return [page], "/lien-he/", "Liên hệ với Ban"


def _empty_category():
    category = _category("Chuyên mục thử", "chuyen-muc-thu")
    return [category], "/tin-tuc/chuyen-muc-thu/", "Chuyên mục thử"


def _tag():
    tag = Tag.objects.create(name="Phản bác luận điệu")
    article = _article("Hội nghị sơ kết công tác")
    article.tags.add(tag)
    return [tag], article.get_absolute_url(), "Phản bác luận điệu"


def _articles():
    first, second = _article("Tin thứ nhất được xóa"), _article("Tin thứ hai được xóa")
    return [first, second], "/tin-tuc/", "được xóa"


def _unused_document_type():
    _document("Kế hoạch tuyên truyền")
    kind = DocumentType.objects.create(name="Hướng dẫn riêng", abbreviation="HDR", slug="huong-dan-rieng")
    return [kind], "/van-ban/", "Hướng dẫn riêng"


def _unused_issuing_body():
    _document("Kế hoạch tuyên truyền")
    body = IssuingBody.objects.create(name="Huyện đoàn Mẫu", abbreviation="HĐ", slug="huyen-doan")
    return [body], "/van-ban/", "Huyện đoàn Mẫu"


def _unused_field():
    _document("Kế hoạch tuyên truyền")
    field = Field.objects.create(name="Lĩnh vực thử nghiệm", slug="linh-vuc-thu")
    return [field], "/van-ban/", "Lĩnh vực thử nghiệm"


def _documents():
    # Shown in the "Văn bản mới" block of every page's sidebar: a cached fragment of its own.
    return [_document("Kế hoạch xóa thứ nhất"), _document("Kế hoạch xóa thứ hai")], PAGE, "Kế hoạch xóa"


def _people():
    people = [_member("Trần Văn Xóa").person, _member("Lê Thị Xóa").person]
    return people, "/ban-chi-dao/", "Xóa"


def _appointments():
    return [_member("Trần Văn Thôi"), _member("Lê Thị Thôi")], "/ban-chi-dao/", "Thôi"


def _unit():
    unit = Unit.objects.create(name="Tổ thư ký thử", slug="to-thu-ky-thu")
    return [unit], "/ban-chi-dao/don-vi/to-thu-ky-thu/", "Tổ thư ký thử"


def _reorganisation():
    appointment = _member("Nguyễn Văn Cũ")
    reorganisation = Reorganisation.objects.create(
        date=datetime.date(2023, 7, 14), decision_text="Quyết định số 512-QĐ/HU"
    )
    appointment.end_date, appointment.ended_by = datetime.date(2023, 7, 14), reorganisation
    appointment.save()
    return [reorganisation], "/ban-chi-dao/qua-cac-thoi-ky/", "512-QĐ/HU"


BULK_DELETES = {
    "static page": (Page, _page),
    "category": (Category, _empty_category),
    "tag": (Tag, _tag),
    "articles": (Article, _articles),
    "document type": (DocumentType, _unused_document_type),
    "issuing body": (IssuingBody, _unused_issuing_body),
    "field": (Field, _unused_field),
    "documents": (Document, _documents),
    "people": (Person, _people),
    "appointments": (Appointment, _appointments),
    "unit": (Unit, _unit),
    "reorganisation": (Reorganisation, _reorganisation),
}


@pytest.mark.parametrize("case", BULK_DELETES, ids=list(BULK_DELETES))
def test_bulk_delete_in_the_admin_shows_on_the_public_page_at_once(case, citizen, admin_client_):
    model, make = BULK_DELETES[case]
    objects, url, marker = make()
    assert marker in warm(citizen, url)
    bulk_delete(admin_client_, model, objects)
    response = citizen.get(url)
    assert response.status_code == 404 or marker not in response.content.decode()


# --- custom admin actions -----------------------------------------------------------------
def test_publishing_articles_in_bulk_shows_them_at_once(citizen, approver):
    drafts = [
        _article("Bản tin chờ đăng một", status=Status.DRAFT),
        _article("Bản tin chờ đăng hai", status=Status.DRAFT),
    ]
    assert "Bản tin chờ đăng" not in warm(citizen, "/tin-tuc/")
    act(approver, Article, "publish_selected", drafts)
    page = citizen.get("/tin-tuc/").content.decode()
    assert "Bản tin chờ đăng một" in page and "Bản tin chờ đăng hai" in page


def test_unpublishing_articles_in_bulk_hides_them_at_once(citizen, approver):
    articles = [_article("Bản tin gỡ một"), _article("Bản tin gỡ hai")]
    assert "Bản tin gỡ" in warm(citizen, "/tin-tuc/")
    act(approver, Article, "unpublish_selected", articles)
    assert "Bản tin gỡ" not in citizen.get("/tin-tuc/").content.decode()
    assert citizen.get(articles[0].get_absolute_url()).status_code == 404


def test_publishing_documents_in_bulk_shows_them_in_every_sidebar_at_once(citizen, secretary):
    drafts = [_document("Quy chế chờ công bố", is_published=False)]
    assert "Quy chế chờ công bố" not in warm(citizen, PAGE)
    act(secretary, Document, "publish", drafts)
    assert "Quy chế chờ công bố" in citizen.get(PAGE).content.decode()


def test_unpublishing_documents_in_bulk_hides_them_at_once(citizen, secretary):
    documents = [_document("Quy chế thôi công bố")]
    assert "Quy chế thôi công bố" in warm(citizen, PAGE)
    assert "Quy chế thôi công bố" in warm(citizen, "/van-ban/")
    act(secretary, Document, "unpublish", documents)
    assert "Quy chế thôi công bố" not in citizen.get(PAGE).content.decode()
    assert "Quy chế thôi công bố" not in citizen.get("/van-ban/").content.decode()


def test_a_kien_toan_from_the_admin_shows_on_the_committee_page_at_once(citizen, secretary):
    leaving = _member("Võ Văn Rời")
    assert "Võ Văn Rời" in warm(citizen, "/ban-chi-dao/")
    # The action opens the kiện toàn page for the ticked appointments; its form applies it.
    response = secretary.post(
        changelist(Appointment), {"action": "reorganise_selected", "_selected_action": [leaving.pk]}
    )
    assert response.status_code == 302
    form = {
        "date": timezone.localdate().isoformat(),
        "decision_text": "Quyết định số 7-QĐ/HU",
        "end_appointments": [leaving.pk],
        "moi-TOTAL_FORMS": "0",
        "moi-INITIAL_FORMS": "0",
    }
    assert secretary.post(response["Location"], form).status_code == 302
    assert "Võ Văn Rời" not in citizen.get("/ban-chi-dao/").content.decode()


# --- writes that send no model signal -----------------------------------------------------
def test_a_visit_being_counted_does_not_empty_the_page_cache(citizen):
    article = _article("Tin được đọc")
    warm(citizen, PAGE)
    Article._base_manager.filter(pk=article.pk).update(view_count=5)  # how the counters write
    assert citizen.get(PAGE)["X-Page-Cache"] == "hit"


def test_every_content_model_updates_through_the_invalidating_queryset():
    models = [m for m in apps.get_models() if m._meta.app_label in CONTENT_APPS and not m._meta.auto_created]
    assert models
    missing = [m._meta.label for m in models if not isinstance(m._default_manager.all(), ContentQuerySet)]
    assert missing == []
