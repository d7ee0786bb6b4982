"""The persona fixtures give production's rights even after a live-server test flushed the DB."""

import pytest
from django.contrib.auth.models import Group

from tests.conftest import _staff

pytestmark = pytest.mark.django_db


def test_personas_get_the_migrated_rights_even_after_a_flush(django_user_model):
    Group.objects.all().delete()  # what a transactional test's flush leaves behind
    editor = _staff(django_user_model, "x1", "Biên tập viên")
    secretary = _staff(django_user_model, "x2", "Thư ký")
    assert editor.has_perm("news.change_article") and not editor.has_perm("news.publish_article")
    assert secretary.has_perm("documents.add_document") and secretary.has_perm("committee.change_person")
    assert not secretary.has_perm("auth.change_user")
