"""The role matrix, enforced: every admin URL of every registered model and the staff-only app
URLs, requested as every role with GET and POST, compared with tests/security/role_table.py."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import login_staff
from tests.security import role_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "role-matrix.md"


# --- one existing object per registered model -------------------------------------------------
def _category():
    from news.models import Category

    return Category.objects.get_or_create(name="Tin hoạt động", defaults={"slug": "tin-hoat-dong"})[0]


def _article(author=None, status="draft"):
    from news.models import Article

    return Article.objects.create(
        title="Bài mẫu của ma trận quyền",
        category=_category(),
        body="<p>Nội dung.</p>",
        status=status,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        author=author,
        created_by=author,
    )


def _unit():
    from committee.models import Unit

    return Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao-mt")


def _role():
    from committee.models import Role

    return Role.objects.get_or_create(name="Thành viên mẫu", defaults={"rank": 70})[0]


def _person():
    from committee.models import Person

    return Person.objects.create(full_name="Phan Văn Nhặn")


def _doc_type():
    from documents.models import DocumentType

    return DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach-mt")


def _issuing_body():
    from documents.models import IssuingBody

    return IssuingBody.objects.create(name="Ban Chỉ đạo 35", abbreviation="BCĐ", slug="bcd-mt")


def _question():
    from django.core.files.base import ContentFile

    from questions import codes
    from questions.models import Question, Topic

    topic = Topic.objects.get_or_create(name="Lĩnh vực mẫu")[0]
    question = Question(
        topic=topic, asker_name="Người hỏi", text="Câu hỏi mẫu?", code_digest=codes.digest(codes.new_code())
    )
    question.attachment_kind = "pdf"
    question.attachment_name = "cau-hoi.pdf"
    question.attachment.save("cau-hoi.pdf", ContentFile(b"%PDF-1.4 mau"), save=False)
    question.save()
    return question


def _axes_row(model):
    values = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "203.0.113.9",
        "username": "doan-mo",
        "http_accept": "text/html",
        "path_info": "/quan-tri/login/",
    }
    if model.__name__ == "AccessAttempt":
        values.update(get_data="", post_data="", failures_since_start=3)
    return model.objects.create(**values)


def make_object(label: str, users: dict):
    from django.apps import apps

    model = apps.get_model(label)
    today = datetime.date(2025, 3, 12)
    if label == "auth.User":
        return model.objects.create_user("nguoidan", password="Mat-khau-rat-dai-2026!")
    if label == "auth.Group":
        return Group.objects.create(name="Nhóm mẫu")
    if label == "django_tasks_database.DBTaskResult":
        return model.objects.create(
            task_path="imaging.jobs.make_renditions",
            args_kwargs={"args": [1, "sites/1/news/anh.jpg"], "kwargs": {}},
            backend_name="default",
            run_after=timezone.now(),
            status="FAILED",
            exception_class_path="OSError",
            traceback="OSError: bucket unreachable",
        )
    if label == "sites.Site":
        from lifecycle.create import NewCommittee, create_committee

        return create_committee(
            NewCommittee(
                host="xa-mau.test", full_name="Ban Chỉ đạo 35 xã Mẫu", short_name="Ban Chỉ đạo 35 xã Mẫu"
            )
        )
    if label.startswith("axes."):
        return _axes_row(model)
    if label == "pages.SiteSettings":
        from demo.pages import IDENTITY

        return model.objects.first() or model.objects.create(**IDENTITY)
    if label in ("pages.MenuItem", "pages.WebLink"):
        return model.objects.create(title="Liên kết mẫu", url="https://example.gov.vn/")
    if label == "pages.Page":
        return model.objects.create(title="Giới thiệu mẫu", slug="gioi-thieu-mau")
    if label == "news.Category":
        return _category()
    if label == "news.Tag":
        return model.objects.create(name="Thẻ mẫu")
    if label == "news.ArticleRedirect":
        return model.objects.create(old_slug="duong-dan-cu", article=_article(users["approver"], "published"))
    if label == "news.Article":
        # The editor's own draft: the one article an editor may open.
        return _article(users["editor"])
    if label == "committee.Person":
        return _person()
    if label == "committee.Unit":
        return _unit()
    if label == "committee.Role":
        return _role()
    if label == "committee.Appointment":
        return model.objects.create(person=_person(), unit=_unit(), role=_role(), start_date=today)
    if label == "committee.Reorganisation":
        return model.objects.create(date=today, decision_text="Quyết định số 12-QĐ/BCĐ")
    if label == "documents.DocumentType":
        return _doc_type()
    if label == "documents.IssuingBody":
        return _issuing_body()
    if label == "documents.Field":
        return model.objects.create(name="Lĩnh vực mẫu", slug="linh-vuc-mau")
    if label == "documents.Term":
        return model.objects.create(name="Nhiệm kỳ mẫu", start_date=datetime.date(2020, 8, 1))
    if label in ("documents.Consultation", "documents.ConsultationComment"):
        from documents.models import Consultation, ConsultationComment

        now = datetime.datetime(2025, 3, 12, 8, 0, tzinfo=datetime.UTC)
        consultation = Consultation.objects.create(
            title="Dự thảo mẫu",
            summary="Tóm tắt.",
            opens_at=now,
            closes_at=now + datetime.timedelta(days=10),
            is_published=True,
        )
        if label == "documents.Consultation":
            return consultation
        return ConsultationComment.objects.create(consultation=consultation, name="Lan", text="Ý kiến mẫu.")
    if label == "documents.Document":
        return model.objects.create(
            doc_type=_doc_type(),
            issuing_body=_issuing_body(),
            number=5,
            title="Kế hoạch mẫu",
            summary="Trích yếu.",
            issue_date=today,
        )
    if label == "questions.Topic":
        return model.objects.create(name="Lĩnh vực hỏi đáp mẫu")
    if label == "questions.Question":
        return _question()
    if label == "reports.Report":
        return model.objects.create(url="https://tin-gia.example/bai", note="Tin bịa đặt.")
    if label == "stats.DailyVisits":
        return model.objects.create(day=today, visits=10)
    if label == "stats.CounterBaseline":
        return model.objects.first() or model.objects.create(visits=1000)
    if label == "notices.Notice":
        now = timezone.now()
        return model.objects.create(
            text="Thông báo mẫu", starts_at=now, ends_at=now + datetime.timedelta(days=1)
        )
    if label == "notices.Holiday":
        return model.objects.create(day=datetime.date(2031, 1, 1), name="Tết Dương lịch")
    if label == "ratings.Rating":
        from django.contrib.contenttypes.models import ContentType

        article = _article(users["approver"], "published")
        return model.objects.create(
            content_type=ContentType.objects.get_for_model(article),
            object_id=article.pk,
            day=today,
            visitor_key="0" * 32,
            choice="useful",
        )
    raise AssertionError(f"no factory for {label}: add one (a new model was registered in the admin)")


# --- requests ---------------------------------------------------------------------------------
@pytest.fixture
def users(editor_user, approver_user, secretary_user, superuser):
    return {
        "editor": editor_user,
        "approver": approver_user,
        "secretary": secretary_user,
        "superuser": superuser,
    }


def _client(role: str, users: dict) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is a finding, recorded with the rest
    if role != "anonymous":
        login_staff(client, users[role])
    return client


def outcome(client: Client, response, follow: bool = True) -> str:
    """ok / denied / login / absent / missing, following one in-admin redirect (the single-row
    SiteSettings list sends to its change page)."""
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return "login"
        if location == reverse("admin:index"):
            # The admin's answer for an object outside the user's queryset: no access, no content.
            return "denied"
        if follow and location.startswith(reverse("admin:index")):
            return outcome(client, client.get(location), follow=False)
        return "ok"
    return {200: "ok", 403: "denied", 404: "absent", 405: "method", 500: "SERVER ERROR"}.get(
        status, f"http {status}"
    )


def _admin_urls(label: str, obj) -> dict[str, str]:
    app_label, model_name = label.lower().split(".")
    urls = {}
    for action in role_table.ACTIONS:
        args = [obj.pk] if action in ("change", "delete", "history") else []
        try:
            urls[action] = reverse(f"admin:{app_label}_{model_name}_{action}", args=args)
        except NoReverseMatch:  # pragma: no cover — every ModelAdmin has the five
            raise AssertionError(f"admin URL {action} of {label} missing") from None
    return urls


def _check_model(role: str, label: str, users: dict) -> tuple[int, list[str]]:
    """(requests compared with the table, mismatches) for every admin URL of `label` as `role`."""
    obj = make_object(label, users)
    client = _client(role, users)
    urls = _admin_urls(label, obj)
    mismatches = []
    plan = [(a, m) for a in role_table.ACTIONS for m in ("GET", "POST") if (a, m) != ("delete", "POST")]
    plan.append(("delete", "POST"))  # last: it removes the object
    for action, method in plan:
        url = urls[action]
        if method == "GET":
            response = client.get(url)
        else:
            data = {"post": "yes"} if action == "delete" else {}
            response = client.post(url, data)
        if (action, method) == ("delete", "POST") and response.status_code == 302:
            # After a delete the admin sends to the list, or to the index when the user may
            # not see the list: success is the object being gone.
            gone = not type(obj)._default_manager.filter(pk=obj.pk).exists()
            got = "ok" if gone else outcome(client, response)
        else:
            got = outcome(client, response)
        want = role_table.expected_outcome(role, label, action, method)
        if got != want:
            mismatches.append(f"{role} {method} {label} {action}: expected {want}, got {got}")
    return len(plan), mismatches


@pytest.mark.parametrize("role", role_table.ROLES)
@pytest.mark.parametrize("label", sorted(role_table.MODELS))
def test_admin_urls_match_the_role_table(role, label, users, record_property):
    checked, mismatches = _check_model(role, label, users)
    record_property("role_matrix", (checked, len(mismatches)))
    assert mismatches == []


def test_the_table_covers_every_registered_model():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(role_table.MODELS)


def test_every_admin_url_pattern_is_covered():
    """Every named admin URL is a model URL the matrix requests or a known app page."""
    from django.urls import get_resolver

    covered = set()
    for label in role_table.MODELS:
        app_label, model_name = label.lower().split(".")
        covered |= {f"{app_label}_{model_name}_{a}" for a in role_table.ACTIONS}
    known = {
        "index",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "autocomplete",
        "jsi18n",
        "view_on_site",
        "app_list",
        "auth_user_password_change",
        "stats_dailyvisits_csv",
        "ratings_rating_csv",
        "committee_appointment_reorganise",
        "reports_report_screenshot",  # APP_URLS "report-screenshot"
        "sites_site_merge",  # the platform administrator's merge page: tests/lifecycle/test_admin.py
        "questions_question_attachment",  # APP_URLS "question-attachment"
    }
    names = set()
    resolver = get_resolver()
    for pattern in admin.site.get_urls():
        names |= _names(pattern)
    del resolver
    unknown = names - covered - known
    assert not unknown, f"admin URLs the role matrix does not request: {sorted(unknown)}"


def _names(pattern) -> set[str]:
    if hasattr(pattern, "url_patterns"):
        return set().union(*(_names(p) for p in pattern.url_patterns))
    return {pattern.name} if pattern.name else set()


# --- app URLs ---------------------------------------------------------------------------------
def _png(name="anh.png") -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 150)).save(buf, "PNG")
    buf.seek(0)
    buf.name = name
    return buf


def _app_request(key: str, client: Client, users: dict):
    if key == "editor-upload":
        return client.post(reverse("news:editor-image-upload"), {"upload": _png()})
    if key == "ckeditor-package-upload":
        return client.post("/ckeditor5/image_upload/", {"upload": _png()})
    if key == "news-preview":
        article = _article(users["approver"])  # someone else's draft
        return client.get(article.get_absolute_url())
    if key == "stats-dashboard":
        return client.get(reverse("admin:stats_dailyvisits_changelist"))
    if key == "stats-csv":
        from stats.dashboard import EXPORTS

        return client.get(reverse("admin:stats_dailyvisits_csv", args=[next(iter(EXPORTS))]))
    if key == "ratings-dashboard":
        return client.get(reverse("admin:ratings_rating_changelist"))
    if key == "ratings-csv":
        from ratings.dashboard import EXPORTS as RATING_EXPORTS

        return client.get(reverse("admin:ratings_rating_csv", args=[next(iter(RATING_EXPORTS))]))
    if key == "committee-reorganise":
        return client.get(reverse("admin:committee_appointment_reorganise"))
    if key == "question-attachment":
        return client.get(reverse("admin:questions_question_attachment", args=[_question().pk]))
    if key == "report-screenshot":
        from django.core.files.base import ContentFile

        from reports.models import Report

        report = Report.objects.create(url="https://tin-gia.example/anh")
        report.screenshot.save("anh.png", ContentFile(_png().getvalue()), save=True)
        return client.get(reverse("admin:reports_report_screenshot", args=[report.pk]))
    if key == "admin-index":
        return client.get(reverse("admin:index"))
    raise AssertionError(key)


@pytest.mark.parametrize("role", role_table.ROLES)
@pytest.mark.parametrize("key", sorted(role_table.APP_URLS))
def test_app_urls_match_the_role_table(role, key, users, record_property):
    client = _client(role, users)
    response = _app_request(key, client, users)
    got = outcome(client, response)
    want = role_table.APP_URLS[key][1][role]
    refused = response.status_code in (302, 400, 403, 404)
    matches = refused if want == "refused" else got == want
    record_property("role_matrix", (1, 0 if matches else 1))
    if want == "refused":
        # The package's own upload view stores files raw; settings make its form refuse all.
        assert response.status_code in (302, 400, 403, 404), response.status_code
        from pathlib import Path as _P

        from django.conf import settings

        assert not any(p.is_file() for p in _P(settings.MEDIA_ROOT).rglob("*"))
        return
    assert got == want, f"{role} {key}: expected {want}, got {got} ({response.status_code})"


# --- mass assignment --------------------------------------------------------------------------
def test_secretary_has_no_user_management_rights(secretary_user):
    for perm in ("add_user", "change_user", "delete_user", "view_user", "add_group", "change_group"):
        assert not secretary_user.has_perm(f"auth.{perm}")
    for group in Group.objects.filter(site_roles__user=secretary_user):
        assert not group.permissions.filter(content_type__app_label__in=["auth", "axes"]).exists()


def test_staff_cannot_make_themselves_superuser(secretary, secretary_user, editor, editor_user):
    for client, user in ((secretary, secretary_user), (editor, editor_user)):
        response = client.post(
            reverse("admin:auth_user_change", args=[user.pk]),
            {"username": user.username, "is_superuser": "on", "is_staff": "on", "groups": [1, 2, 3]},
        )
        assert response.status_code == 403
        user.refresh_from_db()
        assert not user.is_superuser
        assert user.groups.count() == 0 and user.site_roles.count() == 1


def _form_fields(model_admin, user, obj=None):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return set(model_admin.get_form(request, obj).base_fields)


def test_admin_forms_never_offer_counts_or_privilege_fields(users):
    """A field absent from the form is ignored in a POST (a ModelForm binds only its fields)."""
    forbidden = {"view_count", "download_count", "is_superuser", "user_permissions", "search_text"}
    for model, model_admin in admin.site._registry.items():
        if model._meta.label.startswith(("auth.", "axes.")):
            continue
        for role in ("editor", "approver", "secretary", "superuser"):
            user = users[role]
            if not model_admin.has_view_permission(_request(user)):
                continue
            fields = _form_fields(model_admin, user)
            assert not (fields & forbidden), f"{model._meta.label} form for {role}: {fields & forbidden}"


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_editor_posting_published_status_and_counts_changes_nothing(editor, editor_user):
    from news.models import Article, Status
    from tests.news.conftest import admin_form_data

    article = _article(editor_user)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = admin_form_data(editor, url, article)
    data.update({"status": Status.PUBLISHED, "view_count": "999", "is_pinned": "on", "created_by": "1"})
    response = editor.post(url, data)
    assert response.status_code in (200, 302, 403)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.view_count == 0
    assert not article.is_pinned
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 0


def test_secretary_posting_download_count_to_a_document_changes_nothing(secretary):
    from documents.models import Document

    document = make_object("documents.Document", {})
    url = reverse("admin:documents_document_change", args=[document.pk])
    page = secretary.get(url)
    assert page.status_code == 200
    secretary.post(url, {"title": document.title, "download_count": "999", "view_count": "999"})
    document = Document.objects.get(pk=document.pk)
    assert document.download_count == 0 and document.view_count == 0


def test_docs_role_matrix_is_rendered_from_the_table():
    assert DOCS.read_text(encoding="utf-8") == role_table.render_markdown(), (
        "docs/role-matrix.md is stale: regenerate with "
        "`.venv/bin/python -c 'from tests.security.role_table import render_markdown as r; "
        'open("docs/role-matrix.md","w").write(r())\'`'
    )


def test_article_change_form_with_a_cleared_slug_and_an_error_rerenders_without_500(editor, editor_user):
    """Found by the matrix: an invalid POST to the article change form whose slug field is empty
    re-renders the form with the unsaved instance, and ArticleAdmin.public_link calls
    get_absolute_url() on it: NoReverseMatch for slug '' → HTTP 500."""
    from tests.news.conftest import admin_form_data

    article = _article(editor_user)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = admin_form_data(editor, url, article)
    data.update({"slug": "", "title": ""})  # the editor cleared both: the form must show errors
    editor.raise_request_exception = False
    response = editor.post(url, data)
    assert response.status_code == 200
