"""The search index: one row per searchable object, its text folded once, on save.

Articles, documents and people are copied here by the signal receivers in ``search.signals``
(and by ``manage.py reindex_search``), so one query over one table answers the whole site
search. The full-text structures that make that query fast are not Django fields, because they
differ per database: on PostgreSQL a generated ``tsvector`` column with a GIN index, on SQLite
an FTS5 table kept in step by triggers (``search.fulltext`` creates both).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from network.api import SiteScopedModel, site_manager
from network.models import site_default


class Kind(models.TextChoices):
    ARTICLE = "article", "Tin bài"
    DOCUMENT = "document", "Văn bản"
    PERSON = "person", "Thành viên"
    QUESTION = "question", "Hỏi đáp"


class SearchEntryQuerySet(models.QuerySet):
    def live(self, now=None):
        """Entries whose object is public at ``now``.

        The window is copied from the object's own publication rules when it is indexed, so a
        scheduled article turns up at its time without a reindex. It only narrows the search:
        the objects shown are always fetched again through their model's ``published()``.
        """
        now = now or timezone.now()
        return self.filter(
            Q(visible_from__isnull=True) | Q(visible_from__lte=now),
            Q(visible_until__isnull=True) | Q(visible_until__gt=now),
            is_live=True,
        )


class SearchEntry(SiteScopedModel):
    """One searchable object of one site: its entry carries the object's own site, so a search
    on a committee's portal only ever sees that committee's articles, documents and members."""

    # The site key without an index of its own: both indexes below lead with it, and a lone
    # site index would tempt PostgreSQL to read a whole site's entries instead of the GIN
    # indexes of a rare word.
    site = models.ForeignKey(
        "sites.Site",
        on_delete=models.PROTECT,
        default=site_default,
        editable=False,
        related_name="+",
        verbose_name="cổng",
        db_index=False,
    )
    kind = models.CharField("loại", max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField("mã đối tượng")
    # Folded text is stored as its words joined by single spaces ("hoi nghi trien khai"), so
    # PostgreSQL, SQLite and the Python ranking all see exactly the same tokens.
    title = models.TextField("tiêu đề (đã chuẩn hóa)", blank=True, editable=False)
    number = models.TextField(
        "số hiệu (đã chuẩn hóa)",
        blank=True,
        editable=False,
        help_text="Các từ của số hiệu và dạng viết liền, ví dụ: “05 kh bcd 5khbcd”.",
    )
    body = models.TextField("nội dung (đã chuẩn hóa)", blank=True, editable=False)
    # The words written with diacritics, one spelling per tone placement (search.query.marks_text),
    # so that a word typed with its diacritics ranks above its look-alikes.
    title_marks = models.TextField("từ có dấu của tiêu đề", blank=True, editable=False)
    body_marks = models.TextField("từ có dấu của nội dung", blank=True, editable=False)
    excerpt = models.TextField(
        "văn bản gốc cho đoạn trích", blank=True, editable=False, help_text="Có dấu, không có thẻ HTML."
    )
    date = models.DateTimeField(
        "ngày",
        null=True,
        blank=True,
        editable=False,
        help_text="Tin bài: lúc xuất bản; văn bản: ngày ban hành; thành viên: ngày bắt đầu phân công.",
    )
    category = models.CharField("chuyên mục", max_length=200, blank=True, editable=False)
    document_type = models.CharField("loại văn bản", max_length=200, blank=True, editable=False)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True, editable=False)
    is_live = models.BooleanField("công khai", default=False, editable=False)
    visible_from = models.DateTimeField("hiện từ", null=True, blank=True, editable=False)
    visible_until = models.DateTimeField("hiện đến", null=True, blank=True, editable=False)
    indexed_at = models.DateTimeField("lập chỉ mục lúc", auto_now=True)

    objects = site_manager(SearchEntryQuerySet)

    class Meta:
        verbose_name = "mục chỉ mục tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm"
        ordering = ["-date", "-id"]
        # One entry per object, whatever its site: primary keys are shared by every site, so
        # (kind, object_id) already names one object of one site. Keeping the rule without the
        # site lets an object that moves to another site (a merger of committees) take its
        # entry along on its next save (the upsert rewrites `site`) instead of leaving a second
        # entry behind on its old site.
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
        ]
        # Newest first within one site, the order of every candidate branch (see search.engine),
        # per kind or not; also serves the first/last date behind the year filter. Live entries
        # always have a date, so NULL placement (which differs between the databases) never
        # matters.
        indexes = [
            models.Index(F("site"), F("date").desc(), F("id").desc(), name="search_entry_recent"),
            models.Index(
                F("site"), F("kind"), F("date").desc(), F("id").desc(), name="search_entry_kind_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id}"
