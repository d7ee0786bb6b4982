"""backup_site / restore_site with object storage: the buckets' objects travel in the archive
and come back into empty buckets along with the database (against SeaweedFS, tests/seaweed.py)."""

import hashlib
import io
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from documents.models import Attachment
from news.models import Article
from tests.ops.test_backup import _backup, _wipe_database, site_content  # noqa: F401
from tests.seaweed import DOCUMENTS_BUCKET, MEDIA_BUCKET

pytestmark = pytest.mark.django_db(transaction=True)


def _objects(server, bucket: str) -> dict[str, str]:
    client = server.client()
    return {
        key: hashlib.sha256(client.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest()
        for key in server.keys(bucket)
    }


def test_database_and_both_buckets_restore_into_empty_ones(object_storage, site_content, citizen, tmp_path):  # noqa: F811
    media, documents = _objects(object_storage, MEDIA_BUCKET), _objects(object_storage, DOCUMENTS_BUCKET)
    assert len(documents) == 2 and any("/renditions/" in key for key in media)
    articles = list(Article.objects.order_by("pk").values("title", "photo"))

    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {f"media/{key}" for key in media} | {f"documents/{key}" for key in documents} <= names

    _wipe_database()
    object_storage.empty()
    out = io.StringIO()
    call_command("restore_site", str(archive), stdout=out)
    assert "Đã phục hồi" in out.getvalue()

    assert _objects(object_storage, MEDIA_BUCKET) == media
    assert _objects(object_storage, DOCUMENTS_BUCKET) == documents
    assert list(Article.objects.order_by("pk").values("title", "photo")) == articles
    # The restored site serves a document from the private bucket, byte for byte.
    attachment = Attachment.objects.order_by("pk").first()
    response = citizen.get(attachment.get_absolute_url())
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == attachment.sha256
    # Photos keep the content type browsers need.
    head = object_storage.client().head_object(
        Bucket=MEDIA_BUCKET, Key=Article.objects.exclude(photo="").first().photo.name
    )
    assert head["ContentType"] == "image/jpeg"


def test_restore_refuses_a_bucket_that_has_objects_without_force(object_storage, site_content, tmp_path):  # noqa: F811
    archive = _backup(tmp_path)
    _wipe_database()
    try:
        with pytest.raises(CommandError, match=f"Bucket {MEDIA_BUCKET}"):
            call_command("restore_site", str(archive), stdout=io.StringIO())
        assert Article._meta.db_table not in connection.introspection.table_names()  # nothing restored
    finally:  # the tests after this one need the tables back
        call_command("restore_site", str(archive), force=True, stdout=io.StringIO())
    assert Article.objects.exists()
