"""What each searchable model contributes to the index, and how its results are shown.

One provider per kind. Models are looked up lazily (``apps.get_model``), so the search keeps
working — without that kind — when an app is not installed. A provider knows:

- ``entry(obj)``: the index row for one object (folded text, date, facets, live window);
- ``indexing_queryset()``: every object with the joins ``entry`` needs (for ``reindex_search``);
- ``public(ids)``: the objects to show, fetched through the model's ``published()`` door with
  their display joins, in one query per kind whatever the number of results;
- ``dependants``: related models whose changes alter the entry (an attachment's text, a
  category's slug, a person's appointments), and how to get from one to the indexed objects.
"""

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from common.html import plain_text
from network.api import current_site_id

from .highlight import strip_letterhead
from .models import Kind
from .query import index_text, marks_text, number_text


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def _excerpt(*parts: str) -> str:
    text = " ".join(" ".join(p.split()) for p in parts if p)
    return unicodedata.normalize("NFC", text)[: _limit("SEARCH_EXCERPT_MAX_CHARS", 20_000)]


def _words(title: str, *body_parts: str) -> dict:
    """The searchable fields: folded title and body, and the words spelled with diacritics."""
    body = " ".join(p for p in body_parts if p)
    return {
        "title": index_text(title),
        "body": index_text(body, _limit("SEARCH_BODY_MAX_CHARS", 20_000)),
        "title_marks": marks_text(title),
        "body_marks": marks_text(body),
    }


def _local_midnight(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def site_of(obj) -> int:
    """The site an object's entry belongs to: the object's own. A model that has no site key
    belongs to the site being worked on (its rows are created there), or to site 1, the
    install's own committee, outside any site's work."""
    return getattr(obj, "site_id", None) or current_site_id() or 1


def has_site(model: type[models.Model]) -> bool:
    return any(f.name == "site" for f in model._meta.concrete_fields)


@dataclass
class Dependant:
    """A related model whose rows feed an entry: ``targets(instance)`` → objects to reindex."""

    model: str  # "app_label.ModelName"
    targets: Callable[[models.Model], Iterable[models.Model]]
    m2m_field: str = ""  # for m2m_changed: the field on the indexed model
    # Instead of reindexing every target after a save: a cheaper direct update of the entries.
    update: Callable[[models.Model], None] | None = None


@dataclass
class Provider:
    kind: Kind
    model_label: str
    param: str  # the value of ?loai=
    dependants: list[Dependant] = field(default_factory=list)

    @property
    def model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None

    def entry(self, obj) -> dict:
        raise NotImplementedError

    def indexing_queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def public_queryset(self) -> models.QuerySet:
        return self.model._default_manager.published()

    def public(self, ids: Iterable[int]) -> dict[int, models.Model]:
        return {obj.pk: obj for obj in self.public_queryset().filter(pk__in=list(ids))}

    def display(self, obj) -> dict:
        """title, url, code (document number), meta (a short line under the title), date."""
        raise NotImplementedError


class ArticleProvider(Provider):
    def entry(self, article) -> dict:
        live = article.status == "published" and article.publish_at is not None
        body = plain_text(article.body)
        return {
            **_words(
                article.title, article.summary, body, article.photo_caption, article.credit, article.source
            ),
            "number": "",
            "excerpt": _excerpt(article.summary, body),
            "date": article.publish_at,
            "category": article.category.slug if article.category_id else "",
            "document_type": "",
            "issuer": "",
            "is_live": live,
            "visible_from": article.publish_at,
            "visible_until": article.expire_at,
        }

    def indexing_queryset(self):
        return self.model._default_manager.select_related("category")

    def public_queryset(self):
        return self.model._default_manager.published().for_listing()

    def display(self, article) -> dict:
        return {
            "title": article.title,
            "url": article.get_absolute_url(),
            "code": "",
            "meta": article.category.name,
            "date": article.publish_at,
        }


class DocumentProvider(Provider):
    def entry(self, document) -> dict:
        attachments = [a.text for a in document.attachments.all()]
        field_names = [f.name for f in document.fields.all()]
        code = document.code
        return {
            "number": number_text(code),
            **_words(
                document.title,
                document.summary,
                document.doc_type.name,
                document.issuing_body.name,
                document.signer_name,
                document.signer_position,
                " ".join(field_names),
                *attachments,
            ),
            "title_marks": marks_text(document.title, code),
            # A snippet shows what the document says, not the letterhead every text opens with.
            "excerpt": _excerpt(document.summary, *map(strip_letterhead, attachments)),
            "date": _local_midnight(document.issue_date),
            "category": "",
            "document_type": document.doc_type.slug,
            "issuer": document.issuing_body.slug,
            "is_live": bool(document.is_published),
            "visible_from": None,
            "visible_until": None,
        }

    def indexing_queryset(self):
        Attachment = apps.get_model("documents", "Attachment")
        return self.model._default_manager.select_related("doc_type", "issuing_body").prefetch_related(
            "fields", models.Prefetch("attachments", queryset=Attachment.objects.only("document_id", "text"))
        )

    def public_queryset(self):
        return self.model._default_manager.published().for_listing()

    def display(self, document) -> dict:
        return {
            "title": document.title,
            "url": document.get_absolute_url(),
            "code": document.code,
            "meta": f"{document.doc_type.name} · {document.issuing_body.name}",
            "date": document.issue_date,
        }


class PersonProvider(Provider):
    def entry(self, person) -> dict:
        appointments = list(person.appointments.all())
        today = timezone.localdate()
        # Not ended: a role that starts later is indexed already, as the person may be too.
        roles = [f"{a.role.name} {a.unit.name}" for a in appointments if a.is_ongoing(today)]
        starts = [a.start_date for a in appointments]
        first_start = _local_midnight(min(starts)) if starts else None
        return {
            **_words(person.full_name, person.main_position, *roles, plain_text(person.biography)),
            "number": "",
            "excerpt": _excerpt(person.main_position, *roles),
            # Joining the committee dates a member for recency and the year filter.
            "date": first_start,
            "category": "",
            "document_type": "",
            "issuer": "",
            # Public from the day the first appointment starts (Person.published()); the
            # view re-checks through published(), which compares with today's date.
            "is_live": bool(starts),
            "visible_from": first_start,
            "visible_until": None,
        }

    def indexing_queryset(self):
        Appointment = apps.get_model("committee", "Appointment")
        return self.model._default_manager.prefetch_related(
            models.Prefetch("appointments", queryset=Appointment.objects.select_related("role", "unit"))
        )

    def display(self, person) -> dict:
        return {
            "title": person.full_name,
            "url": person.get_absolute_url(),
            "code": "",
            "meta": person.main_position,
            "date": None,
        }


class QuestionProvider(Provider):
    """Published Q&A: the public wording of the question and the answer, never the asker's
    name or contacts (they are not indexed at all)."""

    def entry(self, question) -> dict:
        live = bool(question.is_published and question.status == "answered")
        # A question not (or no longer) published leaves no text in the index at all.
        shown = (question.public_question or question.text) if live else ""
        words = _words(question.title, shown, question.answer, question.topic.name) if live else _words("")
        return {
            **words,
            "number": "",
            "excerpt": _excerpt(shown, question.answer) if live else "",
            "date": question.answered_at,
            "category": "",
            "document_type": "",
            "issuer": "",
            "is_live": live,
            "visible_from": None,
            "visible_until": None,
        }

    def indexing_queryset(self):
        return self.model._default_manager.select_related("topic")

    def public_queryset(self):
        return self.model._default_manager.published().for_listing()

    def display(self, question) -> dict:
        return {
            "title": question.title,
            "url": question.get_absolute_url(),
            "code": "",
            "meta": f"Hỏi đáp · {question.topic.name}",
            "date": question.answered_at,
        }


def _questions_of_topic(topic):
    return topic.questions.all()


def _articles_of_category(category):
    return category.articles.all()


def _update_category_slug(category) -> None:
    # An article's entry holds only its category's slug: no need to re-read every article.
    # Entries are named by (kind, object id), the same on every site.
    from .models import SearchEntry

    article_ids = category.articles.values("pk")
    SearchEntry.objects.with_scopes_disabled().filter(kind=Kind.ARTICLE, object_id__in=article_ids).exclude(
        category=category.slug
    ).update(category=category.slug)


def _document_of(attachment):
    return [attachment.document] if attachment.document_id else []


def _documents_of(related):
    return related.documents.all()


def _person_of(appointment):
    return [appointment.person] if appointment.person_id else []


def _people_of(related):
    person_ids = related.appointments.values("person_id")
    return apps.get_model("committee", "Person")._default_manager.filter(pk__in=person_ids)


PROVIDERS: dict[Kind, Provider] = {
    Kind.ARTICLE: ArticleProvider(
        Kind.ARTICLE,
        "news.Article",
        "tin-bai",
        [Dependant("news.Category", _articles_of_category, update=_update_category_slug)],
    ),
    Kind.DOCUMENT: DocumentProvider(
        Kind.DOCUMENT,
        "documents.Document",
        "van-ban",
        [
            Dependant("documents.Attachment", _document_of),
            Dependant("documents.DocumentType", _documents_of),
            Dependant("documents.IssuingBody", _documents_of),
            Dependant("documents.Field", _documents_of, m2m_field="fields"),
        ],
    ),
    Kind.PERSON: PersonProvider(
        Kind.PERSON,
        "committee.Person",
        "thanh-vien",
        [
            Dependant("committee.Appointment", _person_of),
            Dependant("committee.Role", _people_of),
            Dependant("committee.Unit", _people_of),
        ],
    ),
    Kind.QUESTION: QuestionProvider(
        Kind.QUESTION, "questions.Question", "hoi-dap", [Dependant("questions.Topic", _questions_of_topic)]
    ),
}


def available() -> list[Provider]:
    """Providers whose model is installed."""
    return [p for p in PROVIDERS.values() if p.model is not None]


def for_model(model: type[models.Model]) -> Provider | None:
    label = model._meta.label
    return next((p for p in PROVIDERS.values() if p.model_label == label), None)
