"""Admin for secretaries (group "Thư ký"): documents with their files inline.

File facts (size, SHA-256, page count, extracted text) are computed on upload and read-only;
the uploader is stamped from the request, never typed. Staff see and change only the rows of
the site they work on (network.api.SiteScopedAdminMixin, first among the bases).
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.forms import ClearableFileInput
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from common.text import words
from network.api import SiteScopedAdminMixin
from ops.uploads import StorageFailureAdminMixin

from .models import (
    Attachment,
    Consultation,
    ConsultationComment,
    Document,
    DocumentType,
    Field,
    IssuingBody,
    Response,
    Status,
    Term,
)


@admin.register(DocumentType)
class DocumentTypeAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(IssuingBody)
class IssuingBodyAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "numbering", "order"]
    list_editable = ["order"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Field)
class FieldAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date"]


class StatusFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        return queryset.with_status(self.value()) if self.value() else queryset


class _CurrentFile:
    """What the file widget shows for a stored attachment: its original name, linked to the
    download view (the files have no media URL)."""

    def __init__(self, field_file):
        self.url = field_file.instance.get_absolute_url()
        self.name = field_file.instance.original_name or field_file.name

    def __str__(self) -> str:
        return self.name


class AttachmentFileInput(ClearableFileInput):
    def is_initial(self, value) -> bool:
        instance = getattr(value, "instance", None)
        return bool(value and getattr(value, "name", "") and instance is not None and instance.pk)

    def format_value(self, value):
        return _CurrentFile(value) if self.is_initial(value) else None


class AttachmentInline(SiteScopedAdminMixin, admin.StackedInline):
    model = Attachment
    extra = 1
    fields = ["file", "title", "order", "facts", "versions_list"]
    readonly_fields = ["facts", "versions_list"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = AttachmentFileInput
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.allow_empty_file = True  # the model explains an empty file in its own words
            field.max_length = (
                None  # a long original name is shortened, not refused: it is not stored on disk
            )
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("versions")

    @admin.display(description="thông tin tệp")
    def facts(self, obj: Attachment) -> str:
        if not obj.pk:
            return "Tính tự động khi lưu: định dạng, dung lượng, mã SHA-256, số trang."
        pages = f"{obj.page_count} trang · " if obj.page_count else ""
        return format_html(
            "<strong>{}</strong> · {} · {} · {}{}<br>SHA-256: <code>{}</code><br>Tải lên {} bởi {}",
            obj.original_name,
            obj.kind_label,
            obj.size_display,
            pages,
            f"{len(obj.text)} ký tự trích xuất",
            obj.sha256,
            obj.uploaded_at.strftime("%d/%m/%Y %H:%M"),
            obj.uploaded_by or "—",
        )

    @admin.display(description="phiên bản trước")
    def versions_list(self, obj: Attachment) -> str:
        versions = list(obj.versions.all()) if obj.pk else []
        if not versions:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} · tải lên {} · thay ngày {}</li>",
                (
                    (
                        v.original_name,
                        v.size_display,
                        f"{v.uploaded_at:%d/%m/%Y}",
                        f"{v.replaced_at:%d/%m/%Y}",
                    )
                    for v in versions
                ),
            ),
        )


@admin.register(Document)
class DocumentAdmin(SiteScopedAdminMixin, StorageFailureAdminMixin, admin.ModelAdmin):
    list_display = [
        "code_display",
        "title",
        "doc_type",
        "issuing_body",
        "issue_date",
        "status_display",
        "is_published",
    ]
    list_display_links = ["code_display", "title"]
    list_filter = [StatusFilter, "doc_type", "issuing_body", "fields", "term", "is_published"]
    date_hierarchy = "issue_date"
    # Searched through the folded search text: number ("05-KH/BCĐ", "05 kh bcd"), title, summary.
    search_fields = ["title"]
    search_help_text = "Tìm theo số hiệu, tên hoặc trích yếu (gõ có dấu hay không dấu đều được)."
    autocomplete_fields = ["replaced_by", "related_documents"]
    filter_horizontal = ["fields", "related_articles"]
    inlines = [AttachmentInline]
    readonly_fields = ["uploaded_by", "uploaded_at", "published_at", "view_count", "download_count"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        ("Số hiệu", {"fields": ["doc_type", "issuing_body", "term", "number", "symbol"]}),
        ("Nội dung", {"fields": ["title", "summary", "fields"]}),
        ("Người ký", {"fields": ["signer_name", "signer_position", "signer_person"]}),
        ("Ngày và hiệu lực", {"fields": ["issue_date", "effective_date", "expiry_date", "replaced_by"]}),
        ("Liên kết", {"fields": ["related_documents", "related_articles"]}),
        (
            "Công bố",
            {
                "fields": [
                    "is_published",
                    "slug",
                    "uploaded_by",
                    "uploaded_at",
                    "published_at",
                    "view_count",
                    "download_count",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("doc_type", "issuing_body")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_articles":
            from news.models import Article

            kwargs["queryset"] = Article.objects.published().order_by("-publish_at")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q()
        for word in words(term)[:10]:
            condition &= Q(search_text__contains=word)
        if term.isdigit():
            condition |= Q(number=int(term))
        return queryset.filter(condition), False

    @admin.display(description="số hiệu", ordering="number")
    def code_display(self, obj: Document) -> str:
        return obj.code

    @admin.display(description="tình trạng")
    def status_display(self, obj: Document) -> str:
        return obj.status.label

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Attachment:
            for inline_form in formset.forms:
                if "file" in inline_form.changed_data:
                    inline_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()  # lĩnh vực are saved after the document itself

    @admin.action(description="Công bố các văn bản đã chọn", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for document in queryset.filter(is_published=False):
            document.is_published = True
            document.save()
            count += 1
        self.message_user(request, f"Đã công bố {count} văn bản.", messages.SUCCESS)

    @admin.action(description="Thôi công bố các văn bản đã chọn", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for document in queryset.filter(is_published=True):
            document.is_published = False
            document.save()
            count += 1
        self.message_user(request, f"Đã thôi công bố {count} văn bản.", messages.SUCCESS)


# --- Lấy ý kiến dự thảo -------------------------------------------------------------------------


@admin.register(Consultation)
class ConsultationAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """A draft open for comment (Thư ký): dates in Vietnam's local time, the report after the deadline."""

    list_display = ["title", "opens_at", "closes_at", "state_display", "received_display", "is_published"]
    list_filter = ["is_published", "report_published"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["adopted_document"]
    readonly_fields = ["published_at", "received_display"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        ("Dự thảo", {"fields": ["title", "summary", "body"]}),
        (
            "Thời gian lấy ý kiến (giờ Việt Nam)",
            {"fields": ["opens_at", "closes_at"]},
        ),
        ("Công bố", {"fields": ["is_published", "slug", "published_at", "received_display"]}),
        (
            "Sau khi hết hạn",
            {
                "fields": ["report", "report_published", "adopted_document"],
                "description": "Báo cáo tiếp thu, giải trình ý kiến chỉ công bố được sau hạn góp ý. "
                "Khi văn bản chính thức được ban hành, chọn văn bản đó để hai trang liên kết với nhau.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(received=Count("comments"))

    @admin.display(description="tình trạng")
    def state_display(self, obj: Consultation) -> str:
        return obj.state_label

    @admin.display(description="số ý kiến đã nhận", ordering="received")
    def received_display(self, obj: Consultation) -> int:
        received = getattr(obj, "received", None)
        return received if received is not None else (obj.comments.count() if obj.pk else 0)

    @admin.action(description="Công bố các dự thảo đã chọn", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for consultation in queryset.filter(is_published=False):
            consultation.is_published = True
            consultation.save()
            count += 1
        self.message_user(request, f"Đã công bố {count} dự thảo.", messages.SUCCESS)

    @admin.action(description="Thôi công bố các dự thảo đã chọn", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(is_published=True).update(is_published=False)
        self.message_user(request, f"Đã thôi công bố {count} dự thảo.", messages.SUCCESS)


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    """The moderation queue: nothing is public until staff publish it; the citizen's words are
    read-only (staff publish or not, never rewrite), the contact is never published."""

    list_display = ["name", "consultation", "section", "short_text", "created_at", "is_published", "response"]
    list_filter = ["is_published", "response", "consultation"]
    search_fields = ["name", "text", "section"]
    readonly_fields = [
        "consultation",
        "name",
        "contact",
        "section",
        "text",
        "created_at",
        "published_at",
        "contact_purged_at",
    ]
    fields = [
        "consultation",
        "name",
        "contact",
        "section",
        "text",
        "created_at",
        "is_published",
        "published_at",
        "response",
        "response_note",
        "contact_purged_at",
    ]
    actions = ["publish", "unpublish", "mark_accepted", "mark_explained"]

    def has_add_permission(self, request, *args):
        return False  # comments come from citizens only

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultation")

    @admin.display(description="nội dung")
    def short_text(self, obj: ConsultationComment) -> str:
        return Truncator(obj.text).chars(80)

    def _update(self, request, queryset, message: str, **changes) -> None:
        count = 0
        for comment in queryset:
            for name, value in changes.items():
                setattr(comment, name, value)
            comment.save()
            count += 1
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(
        description="Công bố các ý kiến đã chọn (không kèm thông tin liên hệ)", permissions=["change"]
    )
    def publish(self, request, queryset):
        self._update(
            request, queryset.filter(is_published=False), "Đã công bố %(count)s ý kiến.", is_published=True
        )

    @admin.action(description="Thôi công bố các ý kiến đã chọn", permissions=["change"])
    def unpublish(self, request, queryset):
        self._update(
            request,
            queryset.filter(is_published=True),
            "Đã thôi công bố %(count)s ý kiến.",
            is_published=False,
        )

    @admin.action(description="Đánh dấu: tiếp thu", permissions=["change"])
    def mark_accepted(self, request, queryset):
        self._update(request, queryset, "Đã đánh dấu tiếp thu %(count)s ý kiến.", response=Response.ACCEPTED)

    @admin.action(description="Đánh dấu: giải trình", permissions=["change"])
    def mark_explained(self, request, queryset):
        self._update(
            request, queryset, "Đã đánh dấu giải trình %(count)s ý kiến.", response=Response.EXPLAINED
        )
