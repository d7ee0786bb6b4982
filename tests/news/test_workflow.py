"""Roles on the server: editors write and submit, approvers publish; forged requests change nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article, Status, StatusChange

from .conftest import admin_form_data


def _change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def _status_choices(response) -> list[str]:
    form = response.context["adminform"].form
    return [value for value, _ in form.fields["status"].choices]


@pytest.fixture
def own_draft(make_article, editor_user):
    return make_article(
        "Bản nháp của biên tập viên",
        status=Status.DRAFT,
        publish_at=None,
        created_by=editor_user,
        author=editor_user,
        updated_by=editor_user,
    )


def test_groups_are_created_with_their_rights(db):
    editor = set(Group.objects.get(name="Biên tập viên").permissions.values_list("codename", flat=True))
    approver = set(Group.objects.get(name="Duyệt bài").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article"} <= editor
    assert "publish_article" not in editor and "delete_article" not in editor
    assert {"add_article", "change_article", "publish_article", "change_category"} <= approver


def test_editor_is_offered_only_draft_and_review(editor):
    response = editor.get(reverse("admin:news_article_add"))
    assert _status_choices(response) == [Status.DRAFT, Status.REVIEW]


def test_approver_is_offered_publish(approver):
    response = approver.get(reverse("admin:news_article_add"))
    assert Status.PUBLISHED in _status_choices(response)


def test_editor_creates_a_draft_owned_by_them(editor, editor_user, category):
    url = reverse("admin:news_article_add")
    data = admin_form_data(editor, url, title="Tin mới của tôi", category=category.pk, status=Status.DRAFT)
    response = editor.post(url, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.author, article.created_by, article.updated_by) == (editor_user, editor_user, editor_user)
    assert article.status_changes.get().changed_by == editor_user


def test_editor_forged_publish_on_add_is_refused(editor, category):
    url = reverse("admin:news_article_add")
    data = admin_form_data(editor, url, title="Tin tự đăng", category=category.pk, status=Status.PUBLISHED)
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_editor_forged_publish_on_own_draft_is_refused(editor, own_draft):
    url = _change_url(own_draft)
    data = admin_form_data(editor, url, own_draft, status=Status.PUBLISHED, title="Đổi tiêu đề")
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.title) == (Status.DRAFT, "Bản nháp của biên tập viên")
    assert not StatusChange.objects.filter(to_status=Status.PUBLISHED).exists()
    assert not Article.objects.published().exists()


def test_editor_forged_publish_action_is_refused(editor, own_draft):
    response = editor.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [own_draft.pk]},
    )
    assert response.status_code in (200, 302)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_editor_cannot_pin(editor, own_draft):
    url = _change_url(own_draft)
    editor.post(url, admin_form_data(editor, url, own_draft, is_pinned="on"))
    own_draft.refresh_from_db()
    assert not own_draft.is_pinned


def test_editor_submits_for_review(editor, editor_user, own_draft):
    url = _change_url(own_draft)
    response = editor.post(url, admin_form_data(editor, url, own_draft, status=Status.REVIEW))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.REVIEW
    change = own_draft.status_changes.first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.DRAFT,
        Status.REVIEW,
        editor_user,
    )


def test_editor_submit_action(editor, editor_user, own_draft):
    editor.post(
        reverse("admin:news_article_changelist"),
        {"action": "submit_for_review", "_selected_action": [own_draft.pk]},
    )
    own_draft.refresh_from_db()
    assert own_draft.status == Status.REVIEW


def test_editor_cannot_change_a_published_article(editor, own_draft, approver_user):
    own_draft.transition(Status.PUBLISHED, approver_user)
    url = _change_url(own_draft)
    page = editor.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only view
    data = admin_form_data(editor, url, own_draft, title="Sửa sau khi đăng", status=Status.DRAFT)
    assert editor.post(url, data).status_code == 403
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.title) == (Status.PUBLISHED, "Bản nháp của biên tập viên")


def test_editor_does_not_see_other_peoples_articles(editor, make_article):
    other = make_article("Bài của người khác", status=Status.DRAFT, publish_at=None)
    changelist = editor.get(reverse("admin:news_article_changelist"))
    assert "Bài của người khác" not in changelist.content.decode()
    url = _change_url(other)
    assert editor.get(url).status_code == 302  # "does not exist" → back to the admin index
    editor.post(url, {"title": "Chiếm bài", "status": Status.REVIEW})
    other.refresh_from_db()
    assert other.title == "Bài của người khác"


def test_editor_cannot_delete(editor, own_draft):
    response = editor.post(reverse("admin:news_article_delete", args=[own_draft.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=own_draft.pk).exists()


def test_approver_publishes_with_the_action(approver, approver_user, own_draft):
    own_draft.transition(Status.REVIEW, own_draft.author)
    approver.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [own_draft.pk]},
    )
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED and own_draft.is_live
    change = own_draft.status_changes.first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.REVIEW,
        Status.PUBLISHED,
        approver_user,
    )


def test_approver_unpublishes_with_the_action(approver, make_article):
    article = make_article(is_pinned=True)
    approver.post(
        reverse("admin:news_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and not article.is_pinned
    assert not Article.objects.published().exists()


def test_approver_publishes_and_pins_from_the_form(approver, approver_user, own_draft):
    url = _change_url(own_draft)
    response = approver.post(
        url, admin_form_data(approver, url, own_draft, status=Status.PUBLISHED, is_pinned="on")
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED and own_draft.is_pinned
    assert own_draft.updated_by == approver_user


def test_status_history_is_visible_in_the_admin(approver, approver_user, own_draft):
    own_draft.transition(Status.REVIEW, own_draft.author)
    own_draft.transition(Status.PUBLISHED, approver_user)
    page = approver.get(_change_url(own_draft)).content.decode()
    assert "lịch sử trạng thái" in page.lower()
    assert "Chờ duyệt" in page and "Đã xuất bản" in page
    assert approver_user.username in page


def test_workflow_transitions_refuse_skipping_rules(own_draft, editor_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        own_draft.transition(Status.PUBLISHED, editor_user)
    with pytest.raises(PermissionDenied):
        own_draft.transition(Status.ARCHIVED, editor_user)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


@pytest.mark.parametrize("term", ["nhan", "NHẶN", "phan van nhan", "Phan Văn Nhặn", "dong chi"])
def test_admin_search_ignores_diacritics(approver, make_article, term):
    make_article("Đồng chí Phan Văn Nhặn chủ trì hội nghị")
    make_article("Tin khác hẳn")
    html = approver.get(reverse("admin:news_article_changelist"), {"q": term}).content.decode()
    assert "Phan Văn Nhặn chủ trì" in html and "Tin khác hẳn" not in html
