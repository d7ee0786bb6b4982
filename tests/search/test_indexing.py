"""The index follows every save and delete; reindex_search rebuilds it; FTS stays consistent."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from search import fulltext
from search.engine import Search
from search.models import Kind, SearchEntry
from search.query import parse_query
from tests.search.conftest import at, attach_text


def found(text: str, kind: Kind | None = None) -> list:
    from search.engine import Filters

    return [hit.obj for hit in Search(parse_query(text), Filters(kind=kind))[0:50]]


def entry_of(obj) -> SearchEntry:
    return SearchEntry.objects.get(object_id=obj.pk, kind=_kind(obj))


def _kind(obj) -> Kind:
    return {"article": Kind.ARTICLE, "document": Kind.DOCUMENT, "person": Kind.PERSON}[obj._meta.model_name]


def fts_is_consistent() -> bool:
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {fulltext.FTS_TABLE}({fulltext.FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )
    return True


def test_saving_an_article_indexes_its_folded_text(make_article):
    article = make_article(
        "Hội nghị Ban Chỉ đạo", "<p>Đồng chí <b>Phan Văn Nhặn</b> chủ trì.</p>", summary="Tóm tắt"
    )
    entry = entry_of(article)
    assert entry.title == "hoi nghi ban chi dao"
    assert entry.body == "tom tat dong chi phan van nhan chu tri"
    assert entry.excerpt == "Tóm tắt Đồng chí Phan Văn Nhặn chủ trì."
    assert entry.category == "tin-hoat-dong"
    assert entry.is_live and entry.visible_from == article.publish_at
    assert fts_is_consistent()


def test_editing_unpublishing_and_deleting_follow_at_once(make_article):
    from news.models import Status

    article = make_article("Hội nghị sơ kết")
    assert found("so ket") == [article]
    article.title = "Tập huấn chuyên đề"
    article.save()
    assert found("so ket") == [] and found("tap huan") == [article]
    article.status = Status.UNPUBLISHED
    article.save()
    assert found("tap huan") == []
    article.delete()
    assert not SearchEntry.objects.exists()
    assert fts_is_consistent()


def test_a_rolled_back_save_leaves_the_index_as_it_was(make_article):
    from django.db import transaction

    article = make_article("Hội nghị sơ kết")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Đổi tên"
        article.save()
        raise RuntimeError
    assert entry_of(article).title == "hoi nghi so ket"


def test_an_expiring_article_leaves_the_results_at_its_time(make_article):
    import time_machine

    article = make_article("Thông báo tạm thời", when=at(2024, 1, 1), expire_at=at(2024, 2, 1))
    with time_machine.travel(at(2024, 1, 15), tick=False):
        assert found("thong bao tam thoi") == [article]
    with time_machine.travel(at(2024, 2, 2), tick=False):
        assert found("thong bao tam thoi") == []


def test_attachment_text_is_searchable_and_leaves_with_the_attachment(make_document):
    document = make_document("Kế hoạch năm 2021", number=5)
    assert found("cong tac vien") == []
    attachment = attach_text(document, "Quy chế hoạt động của Cộng tác viên")
    assert found("cong tac vien") == [document]
    attachment.delete()
    assert found("cong tac vien") == []
    assert fts_is_consistent()


def test_a_real_docx_upload_is_extracted_and_found(make_document):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document as Docx

    from documents.models import Attachment

    buffer = __import__("io").BytesIO()
    doc = Docx()
    doc.add_paragraph("Quy chế phối hợp giữa các tổ giúp việc")
    doc.save(buffer)
    document = make_document("Quy chế năm 2022", number=7, kind="qc")
    Attachment.objects.create(
        document=document,
        file=SimpleUploadedFile(
            "quy-che.docx",
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    assert found("to giup viec") == [document]


def test_a_document_is_found_by_its_fields_of_work(make_document):
    from documents.models import Field

    document = make_document("Kế hoạch năm 2021", number=5)
    field = Field.objects.create(name="An ninh mạng", slug="an-ninh-mang")
    document.fields.add(field)
    assert found("an ninh mang") == [document]
    field.documents.remove(document)
    assert found("an ninh mang") == []
    field.documents.add(document)
    field.documents.clear()
    assert found("an ninh mang") == []
    document.fields.add(field)
    field.delete()
    assert found("an ninh mang") == []


def test_publishing_a_document_makes_it_searchable(make_document):
    document = make_document("Kế hoạch tuyên truyền", number=9, published=False)
    assert found("tuyen truyen") == []
    document.is_published = True
    document.save()
    assert found("tuyen truyen") == [document]
    assert entry_of(document).number == "09 kh bcd 9khbcd"


def test_a_person_is_public_from_the_first_appointment_and_found_by_role(make_person, factory):
    import time_machine

    from committee.models import Appointment, Role

    person = make_person("Nguyễn Thị Đào", position="Trưởng Ban Tuyên giáo", appointed=False)
    assert found("nguyen thi dao") == []
    Appointment.objects.create(
        person=person,
        unit=factory.unit(),
        role=Role.objects.get(name="Phó Trưởng ban"),
        start_date=datetime.date(2030, 1, 1),
    )
    assert found("nguyen thi dao") == []
    with time_machine.travel(at(2030, 1, 2), tick=False):
        assert found("nguyen thi dao") == [person]
        assert found("pho truong ban", Kind.PERSON) == [person]


def test_renaming_a_category_moves_its_articles_facet(make_article, category):
    article = make_article("Hội nghị")
    category.slug = "hoat-dong"
    category.save()
    assert entry_of(article).category == "hoat-dong"


def test_reindex_rebuilds_what_bulk_updates_missed_and_is_idempotent(
    make_article, make_document, make_person
):
    from news.models import Article

    article = make_article("Hội nghị")
    make_document("Kế hoạch", number=1)
    make_person("Phan Văn Nhặn")
    Article.objects.filter(pk=article.pk).update(title="Hội thảo")  # no signal
    SearchEntry.objects.filter(kind=Kind.DOCUMENT).delete()
    SearchEntry.objects.create(kind=Kind.ARTICLE, object_id=999_999, title="mo coi", is_live=True)
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "Tin bài: 1 mục" in out.getvalue() and "Văn bản: 1 mục" in out.getvalue()
    assert entry_of(article).title == "hoi thao"
    assert SearchEntry.objects.count() == 3
    snapshot = list(SearchEntry.objects.order_by("pk").values_list("kind", "object_id", "title", "body"))
    call_command("reindex_search", stdout=StringIO())
    call_command("reindex_search", "--loai", "tin-bai", "--batch-size", "1", stdout=StringIO())
    assert (
        list(SearchEntry.objects.order_by("pk").values_list("kind", "object_id", "title", "body")) == snapshot
    )
    assert fts_is_consistent()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 triggers exist on SQLite only")
def test_lost_fts5_triggers_are_recreated_and_the_index_resynced(make_article):
    article = make_article("Hội nghị")
    with connection.cursor() as cursor:
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f"DROP TRIGGER {fulltext.FTS_TABLE}_{suffix}")
    SearchEntry.objects.filter(pk=entry_of(article).pk).update(title="hoi thao")
    fulltext.ensure(connection)
    assert found("hoi thao") == [article]
    assert fts_is_consistent()


def test_postgres_generated_column_and_gin_index_exist(db):
    from tests.conftest import requires_postgres

    requires_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [fulltext.GIN_INDEX])
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [fulltext.TABLE, fulltext.VECTOR_COLUMN],
        )
        assert cursor.fetchone()[0] == "ALWAYS"


def test_index_objects_catches_up_after_a_bulk_update(make_article, make_person):
    from news.models import Article
    from search.indexing import index_objects

    article = make_article("Hội nghị")
    person = make_person("Phan Văn Nhặn")
    Article.objects.filter(pk=article.pk).update(title="Tập huấn")  # no signal
    assert found("tap huan") == []
    index_objects([Article.objects.get(pk=article.pk), person, object()])
    assert found("tap huan") == [article]
