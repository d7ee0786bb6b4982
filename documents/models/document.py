"""A document: its number, dates, derived status and the door to the public ones."""

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common.text import fold, slugify_vi, unique_slug, words
from network.api import SiteScopedModel, current_site_id, site_manager
from ops.routes import slug_url
from pagecache.api import ContentQuerySet
from search.api import matching_ids

from .attachment import Attachment, AttachmentVersion
from .lookups import RESERVED_SLUGS, DocumentType, Field, IssuingBody, Term


class Status(models.TextChoices):
    NOT_YET = "chua-hieu-luc", "Chưa hiệu lực"
    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực"
    SUPERSEDED = "bi-thay-the", "Bị thay thế"


def _through_relation(manager) -> models.QuerySet:
    """A manager's rows without the ambient site scope, for prefetches: the relation to the
    documents already chosen (by the scope of the outer query) decides which rows come, so a
    query over several sites (`Document.objects.with_scope(site=[…])`) needs no site being
    worked on."""
    every_site = getattr(manager, "all_sites", None)
    return every_site() if every_site is not None else manager.all()


class DocumentQuerySet(ContentQuerySet):
    """Every method narrows or shapes the rows the manager's scope chose; none adds a site of
    its own, so the same methods serve one site's pages and a query across several sites."""

    def published(self) -> "DocumentQuerySet":
        """The only door to public documents: list, detail, downloads, feed, sitemap, widgets."""
        return self.filter(is_published=True)

    def for_listing(self) -> "DocumentQuerySet":
        """What a list row shows (number needs the type and the issuing body); never the text
        extracted from the attachments, often tens of kilobytes a row."""
        return self.select_related("doc_type", "issuing_body").defer("search_text")

    def for_detail(self) -> "DocumentQuerySet":
        """Everything the detail page shows, in a fixed number of queries.

        Related and replacing documents are shown only when published themselves."""
        published_links = _through_relation(Document.objects).published().for_listing()
        return self.select_related(
            "doc_type",
            "issuing_body",
            "term",
            "replaced_by__doc_type",
            "replaced_by__issuing_body",
            "signer_person",
        ).prefetch_related(
            models.Prefetch("fields", queryset=_through_relation(Field.objects)),
            models.Prefetch(
                "attachments",
                queryset=_through_relation(Attachment.objects).prefetch_related(
                    models.Prefetch("versions", queryset=_through_relation(AttachmentVersion.objects))
                ),
            ),
            models.Prefetch("related_documents", queryset=published_links, to_attr="published_related"),
            models.Prefetch("replaces", queryset=published_links, to_attr="published_replaces"),
            models.Prefetch("related_articles", queryset=_published_articles(), to_attr="published_articles"),
        )

    def with_status(self, status: str, today: datetime.date | None = None) -> "DocumentQuerySet":
        """Documents whose derived status is `status` on `today` (local date by default)."""
        today = today or timezone.localdate()
        if status == Status.SUPERSEDED:
            return self.filter(replaced_by__isnull=False)
        current = self.filter(replaced_by__isnull=True)
        if status == Status.NOT_YET:
            return current.filter(effective_date__gt=today)
        if status == Status.EXPIRED:
            return current.filter(expiry_date__lte=today)
        if status == Status.IN_FORCE:
            return current.filter(effective_date__lte=today).filter(
                Q(expiry_date__isnull=True) | Q(expiry_date__gt=today)
            )
        return self.none()

    def matching(self, query: str, site_ids: list[int] | None = None) -> "DocumentQuerySet":
        """Documents of `site_ids` (the site being worked on by default) holding every word of
        `query`, as the site search reads it (search.api.matching_ids): answered by the search
        index, so a network-wide list never reads the long extracted texts of its documents."""
        if site_ids is None:
            site_ids = [current_site_id() or 1]
        ids = matching_ids("document", query, site_ids)
        return self if ids is None else self.filter(pk__in=ids)


def _published_articles():
    from news.models import Article  # imported late: news may import this app too

    return _through_relation(Article.objects).published().for_listing()


class Document(SiteScopedModel):
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name="loại văn bản"
    )
    issuing_body = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="documents", verbose_name="cơ quan ban hành"
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name="nhiệm kỳ",
        help_text="Với cơ quan đánh số theo nhiệm kỳ: để trống để tự chọn nhiệm kỳ chứa ngày ban hành.",
    )
    number = models.PositiveIntegerField("số", help_text="Chỉ ghi số, ví dụ 5 cho “05-KH/BCĐ”.")
    symbol = models.CharField(
        "ký hiệu cơ quan",
        max_length=30,
        blank=True,
        help_text="Để trống để dùng ký hiệu của cơ quan ban hành (ví dụ BCĐ).",
    )
    title = models.CharField(
        "tên văn bản",
        max_length=300,
        help_text="Ví dụ: Kế hoạch hoạt động của Ban Chỉ đạo năm 2021.",
    )
    slug = models.SlugField(
        "đường dẫn",
        db_index=False,
        max_length=220,
        blank=True,
        help_text="Tạo tự động từ số hiệu và tên; không đổi sau khi công bố để liên kết không gãy.",
    )
    summary = models.TextField("trích yếu", help_text="Tóm tắt nội dung chính của văn bản, vài câu.")
    fields = models.ManyToManyField(Field, related_name="documents", blank=True, verbose_name="lĩnh vực")
    signer_name = models.CharField("người ký", max_length=120, blank=True, help_text="Họ và tên.")
    signer_position = models.CharField(
        "chức vụ người ký", max_length=200, blank=True, help_text="Ví dụ: Trưởng Ban Chỉ đạo."
    )
    signer_person = models.ForeignKey(
        "committee.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_documents",
        verbose_name="người ký là thành viên",
        help_text="Nếu người ký là thành viên Ban Chỉ đạo, chọn để liên kết tới trang của người đó.",
    )
    issue_date = models.DateField("ngày ban hành")
    effective_date = models.DateField(
        "ngày hiệu lực", blank=True, help_text="Để trống nếu có hiệu lực từ ngày ban hành."
    )
    expiry_date = models.DateField(
        "ngày hết hiệu lực",
        null=True,
        blank=True,
        help_text="Ngày văn bản thôi có hiệu lực; để trống nếu không thời hạn.",
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="bị thay thế bởi",
        help_text="Văn bản mới thay thế văn bản này; tình trạng sẽ là “Bị thay thế”.",
    )
    related_documents = models.ManyToManyField(
        "self", blank=True, verbose_name="văn bản liên quan", help_text="Liên kết hiện ở cả hai văn bản."
    )
    related_articles = models.ManyToManyField(
        "news.Article",
        blank=True,
        related_name="documents",
        verbose_name="tin bài liên quan",
        help_text="Ví dụ: tin về hội nghị thông qua văn bản. Liên kết hiện ở cả văn bản và tin bài.",
    )
    is_published = models.BooleanField(
        "công bố", default=False, help_text="Chỉ văn bản đã công bố mới hiện cho người dân."
    )
    published_at = models.DateTimeField("thời điểm công bố", null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_documents",
        verbose_name="người đăng",
    )
    uploaded_at = models.DateTimeField("thời gian đăng", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    download_count = models.PositiveIntegerField("lượt tải", default=0, editable=False)
    # "term-<id>" or "year-<yyyy>": the series a number belongs to (see IssuingBody.numbering).
    number_series = models.CharField("dãy số", max_length=20, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    objects = site_manager(DocumentQuerySet)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issue_date", "-number", "-pk"]
        constraints = [
            # Numbers run per site: two communes may both issue "05-KH/BCĐ" in the same term.
            models.UniqueConstraint(
                fields=["site", "issuing_body", "doc_type", "number_series", "number"],
                name="documents_number_unique_in_series",
                violation_error_code="so-trung",
                violation_error_message="Số văn bản này đã được dùng cho cùng loại văn bản của cùng cơ quan "
                "trong cùng nhiệm kỳ (hoặc cùng năm).",
            ),
            models.UniqueConstraint(
                fields=["site", "slug"],
                name="documents_slug_unique",
                violation_error_message="Đã có văn bản với đường dẫn này.",
            ),
            models.CheckConstraint(
                condition=Q(effective_date__gte=F("issue_date")),
                name="documents_effective_not_before_issue",
                violation_error_code="ngay-hieu-luc",
                violation_error_message="Ngày hiệu lực không được trước ngày ban hành.",
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | (Q(expiry_date__gt=F("effective_date")) & Q(expiry_date__gt=F("issue_date"))),
                name="documents_expiry_after_dates",
                violation_error_code="ngay-het-hieu-luc",
                violation_error_message="Ngày hết hiệu lực phải sau ngày ban hành và ngày hiệu lực.",
            ),
        ]
        # Partial indexes on published rows serve the public list and its common filters; every
        # query of a site's pages filters on the site first.
        indexes = [
            # The list's own order, ties by id: a deep page's ids are read from the index alone.
            models.Index(
                fields=["site", "-issue_date", "-number", "-id"],
                name="doc_pub_issue_idx",
                condition=Q(is_published=True),
            ),
            # The list across a committee's network (ban_chi_dao=…): newest first over many
            # sites at once, walked until a page is full instead of sorting every match.
            models.Index(
                fields=["-issue_date", "-number", "-id"],
                name="doc_pub_network_issue_idx",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["site", "doc_type", "-issue_date"],
                name="doc_pub_type_issue_idx",
                condition=Q(is_published=True),
            ),
            models.Index(
                fields=["site", "issuing_body", "-issue_date"],
                name="doc_pub_body_issue_idx",
                condition=Q(is_published=True),
            ),
            models.Index(fields=["site", "effective_date"], name="doc_effective_idx"),
            models.Index(fields=["site", "expiry_date"], name="doc_expiry_idx"),
            models.Index(fields=["site", "is_published", "-published_at"], name="doc_published_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        self.summary = self.summary.strip()
        if self.effective_date is None:
            self.effective_date = self.issue_date
        if not self.symbol:
            self.symbol = self.issuing_body.abbreviation
        if not self.term_id and self.issuing_body.numbering == IssuingBody.Numbering.TERM:
            self.term = Term.covering(self.issue_date, self._site_id())
        self.number_series = self._series()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        if not self.slug:
            self.slug = self._unique_slug()
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("documents:document-detail", self.slug)

    # --- display ------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        """Số hiệu: "05-KH/BCĐ" (Party style) or "05/KH-BCĐ" (state style)."""
        number = f"{self.number:02d}" if self.number is not None else "…"
        abbreviation = self.doc_type.abbreviation if self.doc_type_id else "…"
        symbol = self.symbol or (self.issuing_body.abbreviation if self.issuing_body_id else "…")
        if settings.DOCUMENT_NUMBER_STYLE == "state":
            return f"{number}/{abbreviation}-{symbol}"
        return f"{number}-{abbreviation}/{symbol}"

    def status_on(self, today: datetime.date) -> Status:
        if self.replaced_by_id:
            return Status.SUPERSEDED
        effective = self.effective_date or self.issue_date
        if effective > today:
            return Status.NOT_YET
        if self.expiry_date and self.expiry_date <= today:
            return Status.EXPIRED
        return Status.IN_FORCE

    @property
    def status(self) -> Status:
        return self.status_on(timezone.localdate())

    @property
    def signer(self) -> str:
        return ", ".join(part for part in (self.signer_name, self.signer_position) if part)

    # --- rules --------------------------------------------------------------------------------
    def _series(self) -> str:
        numbering = self.issuing_body.numbering if self.issuing_body_id else IssuingBody.Numbering.YEAR
        if numbering == IssuingBody.Numbering.TERM and self.term_id:
            return f"term-{self.term_id}"
        return f"year-{self.issue_date.year}" if self.issue_date else ""

    def derived_after_move(self) -> dict:
        """Fields computed from the rows this one points to (the numbering series names the
        term), recomputed after a merge of sites points it at the other site's rows."""
        return {"number_series": self._series()}

    def _series_label(self) -> str:
        if self.number_series.startswith("term-") and self.term_id:
            return f"nhiệm kỳ {self.term.name.removeprefix('Nhiệm kỳ ').strip()}"
        return f"năm {self.issue_date.year}"

    def clean(self):
        errors = {}
        if self.issue_date and self.effective_date is None:
            self.effective_date = self.issue_date
        if self.issue_date and self.effective_date and self.effective_date < self.issue_date:
            errors["effective_date"] = ValidationError(
                "Ngày hiệu lực (%(effective)s) không được trước ngày ban hành (%(issue)s).",
                code="ngay-hieu-luc",
                params={
                    "effective": f"{self.effective_date:%d/%m/%Y}",
                    "issue": f"{self.issue_date:%d/%m/%Y}",
                },
            )
        if self.expiry_date and self.issue_date and self.effective_date:
            if self.expiry_date <= self.effective_date or self.expiry_date <= self.issue_date:
                errors["expiry_date"] = ValidationError(
                    "Ngày hết hiệu lực (%(expiry)s) phải sau ngày ban hành và ngày hiệu lực.",
                    code="ngay-het-hieu-luc",
                    params={"expiry": f"{self.expiry_date:%d/%m/%Y}"},
                )
        errors.update(self._other_site_links())
        if self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = ValidationError(
                "Văn bản không thể thay thế chính nó.", code="tu-thay-the"
            )
        if (
            self.issuing_body_id
            and self.issue_date
            and not self.term_id
            and self.issuing_body.numbering == IssuingBody.Numbering.TERM
        ):
            term = Term.covering(self.issue_date, self._site_id())
            if term is None:
                errors["term"] = ValidationError(
                    "%(body)s đánh số văn bản theo nhiệm kỳ nhưng chưa có nhiệm kỳ nào chứa ngày ban hành "
                    "%(date)s. Hãy thêm nhiệm kỳ (mục “Nhiệm kỳ”) hoặc chọn nhiệm kỳ.",
                    code="thieu-nhiem-ky",
                    params={"body": self.issuing_body.name, "date": f"{self.issue_date:%d/%m/%Y}"},
                )
            else:
                self.term = term
        if self.term_id and self.issue_date and not errors.get("term"):
            term = self.term
            if self.issue_date < term.start_date or (term.end_date and self.issue_date > term.end_date):
                errors["term"] = ValidationError(
                    "Ngày ban hành %(date)s nằm ngoài %(term)s.",
                    code="ngoai-nhiem-ky",
                    params={"date": f"{self.issue_date:%d/%m/%Y}", "term": term.name.lower()},
                )
        if self.issuing_body_id and not self.symbol:
            self.symbol = self.issuing_body.abbreviation
        self.number_series = self._series()
        if errors:
            raise ValidationError(errors)

    def _other_site_links(self) -> dict:
        """A document links only to its own site's types, bodies, terms and documents."""
        errors = {}
        site_id = self._site_id()
        for name in ("doc_type", "issuing_body", "term", "replaced_by"):
            if getattr(self, f"{name}_id") and getattr(self, name).site_id != site_id:
                errors[name] = ValidationError(
                    "Mục này thuộc cổng của một Ban Chỉ đạo khác.", code="khac-cong"
                )
        return errors

    def validate_constraints(self, exclude=None):
        """Constraint errors attached to the field the editor has to change, with the clash named."""
        exclude = set(exclude or ()) - {"site"}  # never on a form, always set: rules hold per site
        if not exclude & {"issuing_body", "doc_type", "number", "issue_date", "term"}:
            exclude.discard("number_series")  # derived in clean(), never on a form
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            moved = {
                "so-trung": "number",
                "ngay-hieu-luc": "effective_date",
                "ngay-het-hieu-luc": "expiry_date",
            }
            remaining = []
            for error in errors.pop(NON_FIELD_ERRORS, []):
                field = moved.get(error.code)
                if field == "number":
                    error = self._duplicate_number_error()
                if field:
                    errors.setdefault(field, []).append(error)
                else:
                    remaining.append(error)
            if remaining:
                errors[NON_FIELD_ERRORS] = remaining
            raise ValidationError(errors) from None

    def _duplicate_number_error(self) -> ValidationError:
        clash = (
            Document._base_manager.filter(
                site_id=self._site_id(),
                issuing_body_id=self.issuing_body_id,
                doc_type_id=self.doc_type_id,
                number_series=self.number_series,
                number=self.number,
            )
            .exclude(pk=self.pk)
            .first()
        )
        rule = "nhiệm kỳ" if self.number_series.startswith("term-") else "năm"
        return ValidationError(
            "Số %(code)s đã được dùng cho văn bản “%(title)s” trong %(series)s. Mỗi loại văn bản của một "
            "cơ quan được đánh số riêng theo %(rule)s; hãy kiểm tra lại số văn bản.",
            code="so-trung",
            params={
                "code": self.code,
                "title": clash.title if clash else "khác",
                "series": self._series_label(),
                "rule": rule,
            },
        )

    # --- derived data -------------------------------------------------------------------------
    def build_search_text(self) -> str:
        """Folded text for search: number (with and without punctuation), title, summary, names,
        lĩnh vực and the text extracted from the attachments when they were uploaded."""
        parts = [
            self.code,
            " ".join(words(self.code)),
            self.title,
            self.summary,
            self.doc_type.name if self.doc_type_id else "",
            self.issuing_body.name if self.issuing_body_id else "",
            self.signer_name,
            self.signer_position,
        ]
        if self.pk:
            parts += list(self.fields.values_list("name", flat=True))
            parts += list(self.attachments.values_list("text", flat=True))
        return fold("\n".join(p for p in parts if p))

    def refresh_search_text(self) -> None:
        """Recompute after related rows changed (attachments, lĩnh vực) without touching updated_at."""
        self.search_text = self.build_search_text()
        # The row by its key, whatever site is being worked on (a platform administrator's).
        Document.objects.all_sites().filter(pk=self.pk).update(search_text=self.search_text)

    def _unique_slug(self) -> str:
        return unique_slug(
            slugify_vi(f"{self.code} {self.title}", max_length=200),
            lambda s: (
                s in RESERVED_SLUGS
                or Document._base_manager.filter(site_id=self._site_id(), slug=s).exclude(pk=self.pk).exists()
            ),
        )

    def _site_id(self) -> int | None:
        """The document's site: set on a saved row, the default (the site being worked on) otherwise."""
        if self.site_id is None:
            self.site_id = self._meta.get_field("site").get_default()
        return self.site_id
