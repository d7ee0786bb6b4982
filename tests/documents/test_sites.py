"""Each committee's site keeps its own documents: another site's document, file, numbers and
admin pages are out of reach, and its files lie under its own folder."""

import contextvars
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import Attachment, Document, DocumentType, IssuingBody, Term, document_facets
from documents.storage import document_storage
from network.api import all_sites, working_on

from .conftest import attach, pdf_bytes

pytestmark = pytest.mark.django_db
OTHER_HOST = "longhuu.test"


def lookups_here() -> dict:
    """The same type, body and term names and slugs as the `lookups` fixture, on the site being
    worked on: lookup tables are per site, so two sites may both have them."""
    return {
        "plan": DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach"),
        "committee": IssuingBody.objects.create(
            name="Ban Chỉ đạo 35 huyện Mẫu", abbreviation="BCĐ", slug="ban-chi-dao", numbering="term"
        ),
        "term": Term.objects.create(
            name="Nhiệm kỳ 2020–2025",
            start_date=datetime.date(2020, 8, 1),
            end_date=datetime.date(2025, 7, 31),
        ),
    }


def new_document(lookups, **kwargs) -> Document:
    values = {
        "doc_type": lookups["plan"],
        "issuing_body": lookups["committee"],
        "number": 5,
        "title": "Kế hoạch riêng của xã Long Hữu",
        "summary": "Trích yếu về công tác của xã.",
        "issue_date": datetime.date(2021, 3, 12),
        "is_published": True,
    }
    values.update(kwargs)
    document = Document(**values)
    document.full_clean()
    document.save()
    return document


@pytest.fixture
def theirs(other_site):
    """A published document with a PDF on the other site, made while working on it."""
    with working_on(other_site):
        document = new_document(lookups_here())
        attachment = attach(document, pdf_bytes(1), "Kế hoạch Long Hữu.pdf", title="Toàn văn")
    return {"site": other_site, "document": document, "attachment": attachment}


# --- (1) public pages -------------------------------------------------------------------------
def test_another_sites_document_never_shows_here(citizen, site_identity, make_document, theirs):
    ours = make_document(number=1, title="Kế hoạch của huyện")
    document, attachment = theirs["document"], theirs["attachment"]

    listing = citizen.get("/van-ban/").content.decode()
    assert ours.title in listing and document.title not in listing
    assert citizen.get("/van-ban/?q=Long+Huu").content.decode().count(document.title) == 0
    assert citizen.get(document.get_absolute_url()).status_code == 404
    assert citizen.get(attachment.get_absolute_url()).status_code == 404
    assert citizen.get(f"{attachment.get_absolute_url()}?inline=1").status_code == 404
    feed = citizen.get("/van-ban/rss/").content.decode()
    assert ours.title in feed and document.title not in feed
    assert document.get_absolute_url() not in citizen.get("/sitemap.xml").content.decode()
    assert document.title not in [item["title"] for item in _latest_on_site_1()]
    assert "ke-hoach" in [slug for slug, _, _ in document_facets()["types"]]  # site 1's own type


def _latest_on_site_1():
    from documents.models import latest_documents

    return latest_documents(10)


def test_another_sites_document_shows_on_its_own_site(citizen, site_identity, make_document, theirs):
    ours = make_document(number=1, title="Kế hoạch của huyện")
    document, attachment = theirs["document"], theirs["attachment"]

    listing = citizen.get("/van-ban/", HTTP_HOST=OTHER_HOST).content.decode()
    assert document.title in listing and ours.title not in listing
    page = citizen.get(document.get_absolute_url(), HTTP_HOST=OTHER_HOST)
    assert page.status_code == 200 and document.title in page.content.decode()
    download = citizen.get(attachment.get_absolute_url(), HTTP_HOST=OTHER_HOST)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes(1)
    feed = citizen.get("/van-ban/rss/", HTTP_HOST=OTHER_HOST).content.decode()
    assert document.title in feed and ours.title not in feed
    assert citizen.get(ours.get_absolute_url(), HTTP_HOST=OTHER_HOST).status_code == 404


def test_the_same_address_may_name_a_document_on_each_site(citizen, site_identity, lookups, theirs):
    """Slugs are unique per site: the same number and title make the same address on both."""
    ours = new_document(lookups, title=theirs["document"].title)
    assert ours.slug == theirs["document"].slug
    here = citizen.get(ours.get_absolute_url()).content.decode()
    there = citizen.get(ours.get_absolute_url(), HTTP_HOST=OTHER_HOST).content.decode()
    assert f"/van-ban/tai-ve/{theirs['attachment'].pk}/" not in here
    assert f"/van-ban/tai-ve/{theirs['attachment'].pk}/" in there


def test_a_query_across_sites_needs_only_the_scope(site_identity, make_document, theirs):
    """A network-wide list (a province over its communes) asks the manager for several sites,
    outside any site's work: the queryset methods add no site of their own."""
    ours = make_document(number=1, title="Kế hoạch của huyện")
    site_ids = [1, theirs["site"].pk]

    def across():
        rows = Document.objects.with_scope(site=site_ids).published().for_detail()
        return {d.title: [a.pk for a in d.attachments.all()] for d in rows}

    assert contextvars.Context().run(across) == {
        ours.title: [],
        theirs["document"].title: [theirs["attachment"].pk],
    }


# --- (2) numbers ------------------------------------------------------------------------------
def test_the_same_number_is_allowed_on_two_sites_and_refused_twice_on_one(lookups, theirs):
    theirs_number = theirs["document"]
    ours = new_document(lookups, title="Kế hoạch của huyện")  # 05-KH/BCĐ in the same term, site 1
    assert (ours.code, ours.number_series.startswith("term-")) == (theirs_number.code, True)

    with pytest.raises(ValidationError) as refused:
        new_document(lookups, title="Kế hoạch khác của huyện")
    message = " ".join(refused.value.message_dict["number"])
    assert "Số 05-KH/BCĐ đã được dùng cho văn bản “Kế hoạch của huyện”" in message
    assert "Long Hữu" not in message  # the clash named is this site's own

    with working_on(theirs["site"]):
        other_lookups = {
            "plan": DocumentType.objects.get(),
            "committee": IssuingBody.objects.get(),
            "term": Term.objects.get(),
        }
        with pytest.raises(ValidationError) as refused_there:
            new_document(other_lookups, title="Kế hoạch thứ hai của xã")
    assert "Kế hoạch riêng của xã Long Hữu" in " ".join(refused_there.value.message_dict["number"])
    with all_sites():
        assert Document.objects.count() == 2


def test_a_document_cannot_use_another_sites_type(lookups, theirs):
    with working_on(theirs["site"]):
        their_type = DocumentType.objects.get()
    with pytest.raises(ValidationError) as refused:
        new_document({**lookups, "plan": their_type}, number=9)
    assert "thuộc cổng của một Ban Chỉ đạo khác" in " ".join(refused.value.message_dict["doc_type"])


# --- (3) the admin ----------------------------------------------------------------------------
def test_a_secretary_cannot_reach_another_sites_document_in_the_admin(secretary, lookups, theirs):
    document = theirs["document"]
    change = reverse("admin:documents_document_change", args=[document.pk])
    delete = reverse("admin:documents_document_delete", args=[document.pk])

    assert secretary.get(change).status_code in (403, 404)
    assert secretary.get(delete).status_code in (403, 404)
    forged = {
        "doc_type": lookups["plan"].pk,
        "issuing_body": lookups["committee"].pk,
        "number": "77",
        "title": "Đã bị sửa",
        "summary": "Sửa trái phép.",
        "issue_date": "2021-03-12",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
    }
    assert secretary.post(change, forged).status_code in (403, 404)
    assert secretary.post(delete, {"post": "yes"}).status_code in (403, 404)
    changelist = reverse("admin:documents_document_changelist")
    secretary.post(changelist, {"action": "unpublish", "_selected_action": [document.pk]})
    secretary.post(
        changelist, {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"}
    )
    attachment_download = reverse("documents:attachment-download", args=[theirs["attachment"].pk])
    assert secretary.get(attachment_download).status_code == 404  # no draft preview across sites

    with all_sites():
        document.refresh_from_db()
        assert (document.title, document.number, document.is_published) == (
            "Kế hoạch riêng của xã Long Hữu",
            5,
            True,
        )
        assert Attachment.objects.filter(document=document).count() == 1


def test_a_secretary_cannot_file_a_document_under_another_sites_lookups(secretary, lookups, theirs):
    with working_on(theirs["site"]):
        their_type, their_body = DocumentType.objects.get(), IssuingBody.objects.get()
    response = secretary.post(
        reverse("admin:documents_document_add"),
        {
            "doc_type": their_type.pk,
            "issuing_body": their_body.pk,
            "number": "8",
            "title": "Văn bản giả",
            "summary": "Giả mạo.",
            "issue_date": "2021-03-12",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "_save": "Lưu",
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    assert not Document.objects.exists()
    with all_sites():
        assert Document.objects.count() == 1


def test_the_admin_lists_only_this_sites_documents_and_lookups(secretary, lookups, make_document, theirs):
    make_document(number=1, title="Kế hoạch của huyện")
    html = secretary.get(reverse("admin:documents_document_changelist")).content.decode()
    assert "Kế hoạch của huyện" in html and theirs["document"].title not in html
    for name in ("documenttype", "issuingbody", "term"):
        with working_on(theirs["site"]):
            model = {"documenttype": DocumentType, "issuingbody": IssuingBody, "term": Term}[name]
            their_pk = model.objects.get().pk
        url = reverse(f"admin:documents_{name}_change", args=[their_pk])
        assert secretary.get(url).status_code in (403, 404)


# --- (4) files --------------------------------------------------------------------------------
def test_attachments_are_stored_under_their_sites_folder(make_document, theirs):
    ours = attach(make_document(number=1), pdf_bytes(1), "Toàn văn.pdf")
    theirs_file = theirs["attachment"].file.name
    assert ours.file.name.startswith("sites/1/")
    assert theirs_file.startswith(f"sites/{theirs['site'].pk}/")
    assert theirs_file.rsplit("/", 1)[-1].endswith(".pdf")
    assert document_storage.exists(ours.file.name) and document_storage.exists(theirs_file)
    assert theirs["attachment"].site_id == theirs["site"].pk


def test_a_replaced_file_stays_in_its_sites_folder(theirs):
    from django.core.files.base import ContentFile

    with working_on(theirs["site"]):
        attachment = Attachment.objects.get()
        old_name = attachment.file.name
        attachment.file = ContentFile(pdf_bytes(2), name="Bản mới.pdf")
        attachment.save()
        version = attachment.versions.get()
    prefix = f"sites/{theirs['site'].pk}/"
    assert attachment.file.name.startswith(prefix) and attachment.file.name != old_name
    assert (version.file.name, version.site_id) == (old_name, theirs["site"].pk)
