"""Stored files follow their records: a deleted or replaced file, with its renditions, is gone
from storage (and from /media/) once the transaction commits, and only then."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from committee.models import Person
from documents.models import Attachment, Document
from documents.storage import document_storage
from news.models import Article, GalleryPhoto
from pages.models import SiteSettings
from tests.committee.conftest import jpeg_bytes as portrait_bytes
from tests.documents.conftest import attach, pdf_bytes
from tests.news.conftest import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


class _RolledBack(Exception):
    pass


def _files(field_file) -> list[str]:
    """The stored file and every rendition made from it."""
    field = field_file.field
    derived = field.derived_names(field_file.name) if hasattr(field, "derived_names") else []
    return [field_file.name, *derived]


def _all_exist(storage, names) -> bool:
    return all(storage.exists(name) for name in names)


def _none_exist(storage, names) -> bool:
    return not any(storage.exists(name) for name in names)


def _article_with_gallery(make_article) -> Article:
    article = make_article(photo=True)
    GalleryPhoto.objects.create(
        article=article, image=ContentFile(jpeg_bytes((900, 600)), name="anh.jpg"), alt="Toàn cảnh hội nghị"
    )
    return article


def _article_files(article) -> list[str]:
    return [*_files(article.photo), *(name for p in article.gallery.all() for name in _files(p.image))]


def _person(make_person) -> Person:
    person = make_person("Trần Văn Ảnh")
    person.photo = ContentFile(portrait_bytes(), name="chan-dung.jpg")
    person.save()
    return person


def _document_with_versions(make_document) -> Document:
    document = make_document()
    attachment = attach(document, pdf_bytes(1), "Dự thảo.pdf")
    attachment.file = ContentFile(pdf_bytes(2), name="Bản chính thức.pdf")
    attachment.save()  # the draft stays as an earlier version
    attach(document, pdf_bytes(1), "Phụ lục.pdf")
    return document


def _document_files(document) -> list[str]:
    attachments = Attachment.objects.filter(document=document)
    return [
        *(a.file.name for a in attachments),
        *(v.file.name for a in attachments for v in a.versions.all()),
    ]


# --- one record deleted -------------------------------------------------------------------
def test_deleting_an_article_deletes_its_photo_gallery_and_renditions(
    make_article, citizen, django_capture_on_commit_callbacks
):
    article = _article_with_gallery(make_article)
    names = _article_files(article)
    assert len(names) > 4 and _all_exist(default_storage, names)
    assert citizen.get(article.photo.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert _none_exist(default_storage, names)
    assert citizen.get(f"/media/{names[0]}").status_code == 404


def test_deleting_one_gallery_photo_deletes_only_its_files(make_article, django_capture_on_commit_callbacks):
    article = _article_with_gallery(make_article)
    photo = article.gallery.get()
    gone, kept = _files(photo.image), _files(article.photo)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert _none_exist(default_storage, gone)
    assert _all_exist(default_storage, kept)


def test_deleting_a_person_deletes_the_portrait_and_renditions(
    make_person, django_capture_on_commit_callbacks
):
    person = _person(make_person)
    names = _files(person.photo)
    assert len(names) > 1 and _all_exist(default_storage, names)
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert _none_exist(default_storage, names)


def test_deleting_a_document_deletes_its_files_and_earlier_versions(
    make_document, django_capture_on_commit_callbacks
):
    document = _document_with_versions(make_document)
    names = _document_files(document)
    assert len(names) == 3 and _all_exist(document_storage, names)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert _none_exist(document_storage, names)


def test_replacing_an_attachment_keeps_the_earlier_file_as_a_version_after_commit(
    make_document, django_capture_on_commit_callbacks
):
    attachment = attach(make_document(), pdf_bytes(1), "Dự thảo.pdf")
    draft = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile(pdf_bytes(2), name="Bản chính thức.pdf")
        attachment.save()
    assert attachment.versions.get().file.name == draft
    assert document_storage.exists(draft)


# --- many records deleted in the admin ----------------------------------------------------
def _bulk_delete(client, model, objects, capture) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    data = {"action": "delete_selected", "_selected_action": [o.pk for o in objects], "post": "yes"}
    with capture(execute=True):
        assert client.post(url, data).status_code == 302
    assert not model.objects.filter(pk__in=[o.pk for o in objects]).exists()


def test_bulk_deleting_articles_in_the_admin_deletes_their_files(
    make_article, admin_client_, django_capture_on_commit_callbacks
):
    articles = [_article_with_gallery(make_article), _article_with_gallery(make_article)]
    names = [name for a in articles for name in _article_files(a)]
    _bulk_delete(admin_client_, Article, articles, django_capture_on_commit_callbacks)
    assert _none_exist(default_storage, names)


def test_bulk_deleting_people_in_the_admin_deletes_their_portraits(
    make_person, admin_client_, django_capture_on_commit_callbacks
):
    people = [_person(make_person), _person(make_person)]
    names = [name for p in people for name in _files(p.photo)]
    _bulk_delete(admin_client_, Person, people, django_capture_on_commit_callbacks)
    assert _none_exist(default_storage, names)


def test_bulk_deleting_documents_in_the_admin_deletes_their_files(
    make_document, admin_client_, django_capture_on_commit_callbacks
):
    documents = [_document_with_versions(make_document), _document_with_versions(make_document)]
    names = [name for d in documents for name in _document_files(d)]
    _bulk_delete(admin_client_, Document, documents, django_capture_on_commit_callbacks)
    assert _none_exist(document_storage, names)


# --- a rolled-back delete keeps everything ------------------------------------------------
@pytest.mark.parametrize("kind", ["article", "person", "document"])
def test_a_delete_that_rolls_back_keeps_the_files(
    kind, make_article, make_person, make_document, django_capture_on_commit_callbacks
):
    if kind == "article":
        record = _article_with_gallery(make_article)
        storage, names = default_storage, _article_files(record)
    elif kind == "person":
        record = _person(make_person)
        storage, names = default_storage, _files(record.photo)
    else:
        record = _document_with_versions(make_document)
        storage, names = document_storage, _document_files(record)
    pk = record.pk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(_RolledBack):
        with transaction.atomic():
            record.delete()
            raise _RolledBack
    assert type(record).objects.filter(pk=pk).exists()
    assert _all_exist(storage, names)


# --- replaced files ---------------------------------------------------------------------------
def test_replacing_the_logo_deletes_the_old_one(site_identity, django_capture_on_commit_callbacks):
    site_identity.logo = ContentFile(png_bytes((160, 160)), name="bieu-trung.png")
    site_identity.save()
    old = _files(site_identity.logo)
    with django_capture_on_commit_callbacks(execute=True):
        site = SiteSettings.objects.get()
        site.logo = ContentFile(png_bytes((160, 160)), name="bieu-trung-moi.png")
        site.save()
    assert _none_exist(default_storage, old)
    assert default_storage.exists(site.logo.name)


def test_clearing_the_map_deletes_the_file(site_identity, django_capture_on_commit_callbacks):
    site_identity.admin_map = ContentFile(jpeg_bytes((800, 600)), name="ban-do.jpg")
    site_identity.save()
    old = _files(site_identity.admin_map)
    with django_capture_on_commit_callbacks(execute=True):
        site = SiteSettings.objects.get()
        site.admin_map = None
        site.save()
    assert _none_exist(default_storage, old)


def test_replacing_a_portrait_deletes_the_old_one_and_its_renditions(
    make_person, django_capture_on_commit_callbacks
):
    person = _person(make_person)
    old = _files(person.photo)
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = ContentFile(portrait_bytes((450, 600)), name="chan-dung-moi.jpg")
        person.save()
    assert _none_exist(default_storage, old)
    assert _all_exist(default_storage, _files(person.photo))


def test_saving_without_a_new_file_keeps_the_file(make_person, django_capture_on_commit_callbacks):
    person = _person(make_person)
    names = _files(person.photo)
    with django_capture_on_commit_callbacks(execute=True):
        person.main_position = "Bí thư"
        person.save()
    assert _all_exist(default_storage, names)


# --- shared files -------------------------------------------------------------------------
def test_a_photo_another_article_still_shows_is_kept(make_article, django_capture_on_commit_callbacks):
    first = make_article(photo=True)
    second = make_article()
    Article.objects.filter(pk=second.pk).update(photo=first.photo.name)
    names = _files(first.photo)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert _all_exist(default_storage, names)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=second.pk).delete()
    assert _none_exist(default_storage, names)
