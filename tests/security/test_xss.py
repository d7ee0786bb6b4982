"""Stored XSS: every vector class through every rich-text and plain-text field, rendered on the
public pages and the admin (list, change form, history); every link field of every model, read
from the models, refusing script and foreign links in the admin and never printing one stored
before; the sanitiser's own properties (hypothesis); and a real Chromium that must not run
anything nor load from elsewhere."""

import datetime
import re
import sys
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common import html as sanitiser
from common.links import CONTACT_SCHEMES, WEB_SCHEMES, is_safe_link
from ops.links import MESSAGE, MESSAGE_CHARACTERS, LinkField
from tests.security.admin_forms import field_errors, form_values, project_models, required_text_inputs
from tests.security.xss import LINK_VECTORS, VALID_LINKS, VECTORS, findings, vector_ids, xml_safe

ALL_VECTORS = "\n".join(v for _, v in VECTORS)
# Plain-text fields get a few vectors each (they are short), cycling through the list.
TITLE_VECTOR = '"><script>alert("tiêu đề")</script><img src=x onerror=alert(1)>'


def _plain(i: int, limit: int = 200) -> str:
    return (VECTORS[i % len(VECTORS)][1] + " " + VECTORS[(i + 7) % len(VECTORS)][1])[:limit]


# --- the sanitiser alone ----------------------------------------------------------------------
@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=vector_ids())
def test_sanitiser_leaves_nothing_executable(vector):
    cleaned = sanitiser.clean_html(vector)
    assert findings(cleaned) == []
    assert sanitiser.clean_html(cleaned) == cleaned


def test_vector_list_covers_every_class():
    classes = {cls for cls, _ in VECTORS}
    assert len(VECTORS) >= 50
    assert {
        "script",
        "event",
        "url",
        "svg",
        "math",
        "style",
        "mxss",
        "iframe",
        "meta",
        "base",
        "form",
    } <= classes


# --- property test ----------------------------------------------------------------------------
_TAGS = sorted(sanitiser.ALLOWED_TAGS) + [
    "script", "style", "svg", "math", "iframe", "noscript", "template", "form", "div", "img",
    "a", "base", "meta", "object", "textarea", "title", "xmp", "mglyph", "mtext", "select",
]  # fmt: skip
_ATTRS = ["href", "src", "onerror", "onclick", "style", "class", "title", "alt", "srcset", "srcdoc",
          "action", "formaction", "xlink:href", "id", "rel", "target", "width", "colspan"]  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://vi.example/a?b=c&d",
            "/tin-tuc/",
            "mailto:a@b.vn",
            "tel:+84123",
            "image text-align-center evil",
            '"><script>alert(1)</script>',
            "x onerror=alert(1)",
        ]
    ),
    st.text(max_size=20),
)


@st.composite
def html_fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "element", "comment", "raw"] if depth < 3 else ["text", "raw"]))
        if kind == "text":
            parts.append(draw(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=15)))
        elif kind == "raw":
            parts.append(
                draw(st.sampled_from(["<", ">", "&", "&amp;", "&#0;", "</p>", "<!--", "-->", '"', "'", "</"]))
            )
        elif kind == "comment":
            parts.append(f"<!--{draw(st.text(max_size=10))}-->")
        else:
            tag = draw(st.sampled_from(_TAGS))
            attrs = "".join(
                f' {name}="{value}"'
                for name, value in draw(st.lists(st.tuples(st.sampled_from(_ATTRS), _VALUES), max_size=3))
            )
            inner = draw(html_fragments(depth=depth + 1))
            parts.append(
                f"<{tag}{attrs}>{inner}</{tag}>" if draw(st.booleans()) else f"<{tag}{attrs}>{inner}"
            )
    return "".join(parts)


def _allowed_url(value: str) -> bool:
    scheme = urlsplit(value.strip()).scheme.lower()
    return scheme == "" or scheme in sanitiser.URL_SCHEMES


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragments())
def test_clean_html_is_a_fixed_point_within_the_allowlist(fragment):
    cleaned = sanitiser.clean_html(fragment)
    assert sanitiser.clean_html(cleaned) == cleaned
    assert findings(cleaned) == []
    if not cleaned:
        return
    root = lxml.html.fragment_fromstring(xml_safe(cleaned), create_parent="div")
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in sanitiser.ALLOWED_TAGS, element.tag
        # nh3 keeps ammonia's generic attributes (lang, title) on every tag: harmless text.
        allowed = sanitiser.ALLOWED_ATTRIBUTES.get(element.tag, set()) | {"lang", "title"}
        allowed |= {"rel"} if element.tag == "a" else set()
        for name, value in element.attrib.items():
            assert name in allowed, (element.tag, name)
            if name in ("href", "src"):
                assert _allowed_url(value), value
            if name == "srcset":
                assert all(_allowed_url(p.strip().split(" ")[0]) for p in value.split(",") if p.strip())
            if name == "class":
                assert set(value.split()) <= sanitiser.ALLOWED_CLASSES.get(element.tag, set())


# --- stored through every field, rendered everywhere ------------------------------------------
@pytest.fixture
def hostile_content(db, superuser, site_identity):
    """One object per model with every rich-text field holding all vectors and every plain-text
    field a few; published, so the public pages show them."""
    from committee.models import Appointment, Person, Role, Unit
    from news.models import Article, Category, GalleryPhoto, Status
    from pages.models import Page

    category = Category.objects.create(name=_plain(1, 100), slug="chuyen-muc-xss", description=_plain(2))
    article = Article.objects.create(
        title=TITLE_VECTOR,
        slug="bai-xss",
        category=category,
        summary=_plain(3, 1000),
        body=ALL_VECTORS,
        photo_alt=_plain(4, 150),
        photo_caption=_plain(5, 250),
        credit=_plain(6, 100),
        source=_plain(7, 190),
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        author=superuser,
        created_by=superuser,
    )
    GalleryPhoto.objects.bulk_create([])  # gallery captions are covered by the upload suite's photos
    unit = Unit.objects.create(name=_plain(8, 100), slug="don-vi-xss", description=ALL_VECTORS)
    person = Person.objects.create(
        full_name=_plain(9, 100), slug="nguoi-xss", main_position=_plain(10, 100), biography=ALL_VECTORS
    )
    role = Role.objects.get_or_create(name="Thành viên", defaults={"rank": 70})[0]
    Appointment.objects.create(
        person=person, unit=unit, role=role, start_date=datetime.date(2020, 8, 10), duties=_plain(11)
    )
    page = Page.objects.create(title=_plain(12, 100), slug="trang-xss", body=ALL_VECTORS)
    question = _hostile_question(published=True)
    from news.models import Kind, RebuttalSource, Verdict
    from reports.models import Report

    rebuttal = Article.objects.create(
        title=_plain(14, 250),
        slug="phan-bac-xss",
        category=category,
        kind=Kind.REBUTTAL,
        claim=_plain(15, 1500),
        claim_origin=_plain(16, 250),
        verdict=Verdict.FALSE,
        rebuttal_summary=_plain(17, 2500),
        body=ALL_VECTORS,
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=2),
    )
    RebuttalSource.objects.create(article=rebuttal, title=_plain(18, 250), url="https://chinhphu.vn/")
    # What a citizen typed into the report form, stored as typed (the form keeps text verbatim).
    report = Report.objects.create(
        url='https://tin-gia.example/"><script>alert(1)</script>',
        note=ALL_VECTORS,
        name=_plain(19, 110),
        contact=_plain(20, 190),
        internal_notes=_plain(21),
    )
    # A closed consultation with its report and a published citizen comment (lấy ý kiến dự thảo).
    from documents.models import Consultation, ConsultationComment

    now = timezone.now()
    consultation = Consultation.objects.create(
        title=_plain(14, 300),
        slug="du-thao-xss",
        summary=_plain(15),
        body=ALL_VECTORS,
        report=ALL_VECTORS,
        report_published=True,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        is_published=True,
    )
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        name=_plain(16, 120),
        contact=_plain(17, 200),
        section=_plain(18, 200),
        text=ALL_VECTORS,
        is_published=True,
        response="giai-trinh",
        response_note=ALL_VECTORS,
    )
    for obj in (article, person, unit, page, category):
        LogEntry.objects.create(
            user=superuser,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=CHANGE,
            change_message=_plain(13),
        )
    # A banner shown on every page, and a rating whose comment was stored around the form's
    # cleaning (an old row): staff read it in the ratings dashboard.
    from notices.models import Kind as NoticeKind
    from notices.models import Notice
    from ratings.models import Rating

    notice = Notice.objects.create(
        kind=NoticeKind.URGENT,
        text=_plain(16, 400),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    Rating.objects.create(
        content_type=ContentType.objects.get_for_model(article),
        object_id=article.pk,
        day=timezone.localdate(),
        visitor_key="f" * 32,
        choice="useful",
        comment=ALL_VECTORS[:5000],
    )
    return {
        "article": article,
        "person": person,
        "unit": unit,
        "page": page,
        "category": category,
        "question": question,
        "notice": notice,
        "rebuttal": rebuttal,
        "report": report,
        "consultation": consultation,
        "comment": comment,
    }


def _hostile_question(published: bool):
    """A citizen's question (Hỏi đáp) with vectors in every field a citizen or staff types."""
    from questions import codes
    from questions.models import Question, Topic

    topic = Topic.objects.create(name=_plain(14, 120))
    return Question.objects.create(
        topic=topic,
        asker_name=_plain(15, 120),
        email="xss@example.vn",
        phone="0912 345 678",
        text=ALL_VECTORS[:5000],
        code_digest=codes.digest(codes.new_code()),
        status=Question.Status.ANSWERED if published else Question.Status.REFUSED,
        refusal_reason="" if published else ALL_VECTORS,
        answer=ALL_VECTORS,
        answered_at=timezone.now(),
        is_published=published,
        published_at=timezone.now() if published else None,
        public_title=TITLE_VECTOR,
        public_question=ALL_VECTORS[:5000],
    )


def test_rich_text_is_stored_sanitised(hostile_content):
    for key, field in (
        ("article", "body"),
        ("person", "biography"),
        ("unit", "description"),
        ("page", "body"),
        ("consultation", "body"),
        ("consultation", "report"),
    ):
        obj = hostile_content[key]
        obj.refresh_from_db()
        stored = getattr(obj, field)
        assert findings(stored) == [], key


def _public_urls(content) -> list[str]:
    return [
        "/",
        reverse("news:index"),
        content["article"].get_absolute_url(),
        content["category"].get_absolute_url(),
        reverse("news:feed"),
        content["person"].get_absolute_url(),
        reverse("committee:organisation"),
        reverse("committee:history"),
        content["page"].get_absolute_url(),
        reverse("questions:list"),
        content["question"].get_absolute_url(),
        reverse("questions:ask"),
        reverse("questions:status"),
        content["rebuttal"].get_absolute_url(),
        reverse("news:rebuttals"),
        reverse("reports:report"),
        reverse("documents:consultation-list"),
        content["consultation"].get_absolute_url(),
        reverse("search:results") + "?q=" + "%3Cscript%3Ealert(1)%3C/script%3E",
        reverse("search:results") + "?q=" + "%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    ]


def _admin_urls(content) -> list[str]:
    urls = []
    for key in (
        "article",
        "person",
        "unit",
        "page",
        "category",
        "question",
        "rebuttal",
        "report",
        "consultation",
        "comment",
    ):
        obj = content[key]
        info = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
        urls += [
            reverse(f"{info}_changelist"),
            reverse(f"{info}_change", args=[obj.pk]),
            reverse(f"{info}_history", args=[obj.pk]),
            reverse(f"{info}_delete", args=[obj.pk]),
        ]
    notice = content["notice"]
    urls += [
        reverse("admin:committee_appointment_changelist"),
        reverse("admin:index"),
        reverse("admin:notices_notice_changelist"),
        reverse("admin:notices_notice_change", args=[notice.pk]),
        reverse("admin:ratings_rating_changelist"),
    ]
    return urls


def _executable_constructs(client, urls, record_property, allowed=(200,)) -> dict[str, list[str]]:
    """{url: findings} over `urls`; records (vectors × pages rendered, findings) for the summary."""
    problems, rendered = {}, 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in allowed, (url, response.status_code)
        if response.status_code != 200 or url.endswith("/rss/"):
            continue  # a redirect shows nothing; the feed is XML, checked by test_feed_escapes_vectors
        rendered += 1
        found = findings(response.content.decode())
        if found:
            problems[url] = [str(f) for f in found]
    executed = sum(len(f) for f in problems.values())
    record_property("xss", (len(VECTORS) * rendered, executed))
    sys.stderr.write(f"\nXSS: {len(VECTORS)} vectors × {rendered} pages; executable constructs: {executed}\n")
    return problems


def test_public_pages_render_no_executable_vector(hostile_content, citizen, record_property):
    assert _executable_constructs(citizen, _public_urls(hostile_content), record_property) == {}


def test_citizen_text_is_shown_escaped_on_the_private_status_page(db, citizen, settings, record_property):
    """What a citizen types (every vector, in every field of the ask form) is stored as typed
    and shown escaped on their status page, with its refusal reason, and in the staff's admin."""
    from civic.testing import passing_protections
    from questions import codes
    from questions.forms import AskForm
    from questions.models import Question

    settings.CIVIC_POW_MAX_NUMBER = 50
    question = _hostile_question(published=False)
    code = codes.new_code()
    Question.objects.filter(pk=question.pk).update(code_digest=codes.digest(code))
    page = citizen.post(reverse("questions:status"), {"code": code})
    assert page.status_code == 200 and findings(page.content.decode()) == []
    asked = citizen.post(
        reverse("questions:ask"),
        {
            "asker_name": TITLE_VECTOR[:120],
            "email": "",
            "phone": "",
            "topic": str(question.topic_id),
            "text": ALL_VECTORS[:5000],
            **passing_protections(AskForm),
        },
    )
    assert asked.status_code == 302
    assert Question.objects.filter(text=ALL_VECTORS[:5000].strip()).exists()  # stored as typed
    refused = citizen.post(
        reverse("questions:ask"),
        {
            "asker_name": TITLE_VECTOR[:120],
            "topic": "",
            "text": ALL_VECTORS[:5000],
            **passing_protections(AskForm),
        },
    )
    assert refused.status_code == 200 and findings(refused.content.decode()) == []
    record_property("xss", (len(VECTORS) * 2, 0))


def test_feed_escapes_vectors(hostile_content, citizen):
    body = citizen.get(reverse("news:feed")).content.decode()
    assert "<script" not in body.lower()
    assert "onerror=" not in body.replace("onerror=alert", "").lower() or "&lt;" in body


def test_admin_pages_render_no_executable_vector(hostile_content, admin_client_, record_property):
    urls = _admin_urls(hostile_content)
    assert _executable_constructs(admin_client_, urls, record_property, allowed=(200, 302)) == {}


# --- link fields ------------------------------------------------------------------------------
_LINK_NAME = re.compile(r"(^|_)(url|link|href|website|homepage)$")


def _link_fields() -> dict[str, tuple[type[models.Model], str]]:
    """{"app.Model.field": (model, field name)} for every editable field that stores a link:
    URLFields, LinkFields, and CharFields whose name says they hold one (`…_url`, `link`)."""
    found = {}
    for model in project_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or not field.editable:
                continue
            if isinstance(field, models.URLField | LinkField) or (
                isinstance(field, models.CharField) and _LINK_NAME.search(field.name)
            ):
                found[f"{model._meta.label}.{field.name}"] = (model, field.name)
    return found


LINK_FIELDS = _link_fields()
# Link fields edited only in an inline of another model's admin form (the model has no admin
# of its own): attacked through that form by test_inline_link_field_refuses_script_links.
INLINE_LINK_FIELDS = {"news.RebuttalSource.url": ("news.Article", "rebuttal_sources")}
ADMIN_LINK_FIELDS = {label: v for label, v in LINK_FIELDS.items() if label not in INLINE_LINK_FIELDS}


class _AdminForm:
    """The model's admin add form (its change form when only one row may exist, as for the
    site settings), filled as a person would: what the page shows, required text typed in."""

    def __init__(self, client, user, model):
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        request = RequestFactory().get("/")
        request.user = user
        if admin.site.get_model_admin(model).has_add_permission(request):
            self.url = reverse(f"{info}_add")
        else:
            self.url = reverse(f"{info}_change", args=[model.objects.first().pk])
        self.client = client
        page = client.get(self.url)
        assert page.status_code == 200, self.url
        html, self.form_id = page.content.decode(), f"{model._meta.model_name}_form"
        self.values = form_values(html, self.form_id)
        links = {name for label, (m, name) in LINK_FIELDS.items() if m is model}
        for name in required_text_inputs(html, self.form_id):
            self.values[name] = "/van-ban/" if name in links else "Mục kiểm thử liên kết"

    def post(self, **typed):
        return self.client.post(self.url, {**self.values, **typed})


def test_every_link_field_of_the_portal_is_attacked():
    assert {
        "pages.MenuItem.url",
        "pages.WebLink.url",
        "pages.SiteSettings.fanpage_url",
        "pages.SiteSettings.tracking_script_url",
    } <= set(LINK_FIELDS)


@pytest.mark.parametrize("label", sorted(ADMIN_LINK_FIELDS))
def test_link_field_refuses_script_links_in_vietnamese_and_keeps_what_was_typed(
    label, admin_client_, superuser, site_identity, record_property
):
    model, name = LINK_FIELDS[label]
    form = _AdminForm(admin_client_, superuser, model)
    stored, refused_badly = [], []
    for vector_id, value in LINK_VECTORS:
        response = form.post(**{name: value})
        html = response.content.decode()
        errors = field_errors(html, name) if response.status_code == 200 else []
        if model.objects.filter(**{f"{name}__in": {value, value.strip()}}).exists():
            stored.append(vector_id)
        if not errors or not set(errors) <= {MESSAGE, MESSAGE_CHARACTERS}:
            refused_badly.append((vector_id, response.status_code, errors))
            continue
        shown = form_values(html, form.form_id)
        lost = [
            key
            for key, typed in form.values.items()
            if key not in (name, "csrfmiddlewaretoken") and shown.get(key) != typed
        ]
        if lost:
            refused_badly.append((vector_id, "lost what was typed", lost))
    record_property("xss", (len(LINK_VECTORS), len(stored)))
    assert stored == []
    assert refused_badly == []


@pytest.mark.parametrize("label", sorted(ADMIN_LINK_FIELDS))
def test_link_field_accepts_web_addresses_and_portal_paths(label, admin_client_, superuser, site_identity):
    model, name = LINK_FIELDS[label]
    form = _AdminForm(admin_client_, superuser, model)
    for value in VALID_LINKS:
        response = form.post(**{name: value})
        assert response.status_code == 302, (value, field_errors(response.content.decode(), name))
        assert model.objects.filter(**{name: value}).exists()


def test_every_link_field_without_an_admin_of_its_own_is_attacked_through_its_inline():
    unregistered = {label for label, (model, _) in LINK_FIELDS.items() if not admin.site.is_registered(model)}
    assert unregistered == set(INLINE_LINK_FIELDS)


def test_inline_link_field_refuses_script_links_and_keeps_what_was_typed(
    admin_client_, superuser, site_identity, record_property
):
    """news.RebuttalSource.url, through the article form's "nguồn chính thức" inline."""
    from news.models import Category, RebuttalSource
    from tests.news.conftest import admin_form_data

    category = Category.objects.create(name="Đấu tranh phản bác", slug="dau-tranh-phan-bac")
    url = reverse("admin:news_article_add")

    def post(link: str, n: int):
        data = admin_form_data(
            admin_client_,
            url,
            title=f"Bài phản bác kiểm thử liên kết {n}",
            category=category.pk,
            body="<p>Nội dung.</p>",
            kind="rebuttal",
            claim="Luận điệu kiểm thử.",
            verdict="false",
            rebuttal_summary="Sự thật kiểm thử.",
            status="draft",
            **{
                "rebuttal_sources-TOTAL_FORMS": "1",
                "rebuttal_sources-0-title": "Nguồn kiểm thử",
                "rebuttal_sources-0-url": link,
                "rebuttal_sources-0-order": "0",
            },
        )
        return admin_client_.post(url, data)

    stored, refused_badly = [], []
    for n, (vector_id, value) in enumerate(LINK_VECTORS):
        response = post(value, n)
        text = (
            lxml.html.fromstring(response.content.decode()).text_content()
            if response.status_code == 200
            else ""
        )
        if RebuttalSource.objects.filter(url__in={value, value.strip()}).exists():
            stored.append(vector_id)
        if response.status_code != 200 or not (MESSAGE in text or MESSAGE_CHARACTERS in text):
            refused_badly.append((vector_id, response.status_code))
        elif f"Bài phản bác kiểm thử liên kết {n}" not in response.content.decode():
            refused_badly.append((vector_id, "lost what was typed"))
    record_property("xss", (len(LINK_VECTORS), len(stored)))
    assert stored == []
    assert refused_badly == []
    for n, value in enumerate(VALID_LINKS, start=1000):
        assert post(value, n).status_code == 302, value
        assert RebuttalSource.objects.filter(url=value).exists()


def _unsafe_links_on(html: str) -> list[str]:
    root = lxml.html.document_fromstring(xml_safe(html))
    unsafe = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("href", "src", "action", "formaction"):
            value = element.get(attribute)
            if value is None or value.startswith("#"):
                continue
            if not is_safe_link(value, WEB_SCHEMES | CONTACT_SCHEMES):
                unsafe.append(f"<{element.tag} {attribute}={value[:60]!r}>")
    return unsafe


def test_links_stored_before_validation_are_never_printed(admin_client_, superuser, site_identity, citizen):
    """A value written around the validator (an old row, a raw update) still never reaches an
    `href` or `src`: templates print links through the same check."""
    for model, name in ADMIN_LINK_FIELDS.values():
        assert _AdminForm(admin_client_, superuser, model).post(**{name: VALID_LINKS[0]}).status_code == 302
    printed = {}
    for vector_id, value in LINK_VECTORS:
        for model, name in ADMIN_LINK_FIELDS.values():
            model.objects.update(**{name: value})
        cache.clear()  # update() skips the writes that invalidate the cached menu and settings
        html = citizen.get("/").content.decode()
        problems = _unsafe_links_on(html) + [str(f) for f in findings(html)]
        if problems:
            printed[vector_id] = problems
    assert printed == {}


# --- Chromium ---------------------------------------------------------------------------------
@pytest.mark.browser
def test_chromium_runs_no_vector_and_loads_nothing_external(
    transactional_db, live_server, new_page, settings, record_property
):
    from django.contrib.auth import get_user_model

    settings.SERVE_MEDIA = True
    from demo.pages import IDENTITY
    from news.models import Article, Category, Status
    from pages.models import SiteSettings

    SiteSettings.objects.update_or_create(pk=1, defaults=IDENTITY)
    user = get_user_model().objects.create_superuser("qt-xss", "q@example.vn", "Mat-khau-rat-dai-2026!")
    category = Category.objects.create(name="Tin XSS", slug="tin-xss")
    article = Article.objects.create(
        title=TITLE_VECTOR,
        slug="bai-xss-trinh-duyet",
        category=category,
        summary=_plain(3, 1000),
        body=ALL_VECTORS,
        credit=_plain(6, 100),
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
        author=user,
    )
    page = new_page()
    dialogs, errors, external = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "alert" in m.text else None)

    def on_request(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in ("127.0.0.1", "localhost"):
            external.append(request.url)

    page.on("request", on_request)
    failures = {}
    page.on("requestfailed", lambda r: failures.setdefault(r.url, r.failure))
    routed = []

    def _route(route):
        routed.append(route.request.url)
        route.abort()

    page.route(lambda url: urlsplit(url).hostname not in (None, "127.0.0.1", "localhost"), _route)
    paths = (article.get_absolute_url(), "/", reverse("news:index"))
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
        page.wait_for_timeout(300)
    # The article page renders every vector (its body); the lists show its title and summary.
    record_property("xss", (len(VECTORS), len(dialogs) + len(errors)))
    assert dialogs == []
    assert errors == []
    # The sanitiser keeps http(s) and protocol-relative image URLs; the page's CSP (img-src
    # 'self' data:) must stop every one of them before it reaches the network.
    blocked_by_csp = [url for url in external if failures.get(url) == "csp"]
    sys.stderr.write(
        f"\nChromium: external requests attempted {len(external)}, blocked by CSP {len(blocked_by_csp)}\n"
    )
    assert routed == []
    assert external == blocked_by_csp


# --- the rating form: what a reader typed is echoed back on the confirmation page -------------
def test_rating_confirmation_page_echoes_no_executable_vector(
    hostile_content, citizen, record_property, settings
):
    settings.RATELIMIT_RATING = "1000/m"  # every vector twice from one client
    url = reverse("ratings:rate", args=["news.article", hostile_content["article"].pk])
    problems, rendered = {}, 0
    for vector_id, vector in VECTORS:
        for data in ({"choice": "useful", "comment": vector}, {"choice": vector, "comment": vector}):
            response = citizen.post(url, data)
            assert response.status_code in (200, 400), (vector_id, response.status_code)
            rendered += 1
            found = findings(response.content.decode())
            if found:
                problems[vector_id] = [str(f) for f in found]
    record_property("xss", (rendered, sum(len(f) for f in problems.values())))
    assert problems == {}
