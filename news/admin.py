"""The newsroom in the Django admin, with the editorial roles enforced on the server.

Editors ("Biên tập viên") see and change only their own articles, only before publication,
and may only move them between draft and awaiting review. Approvers ("Duyệt bài") and
superusers see everything, publish, unpublish, archive and pin. The status field offers each
user only the statuses they may choose; the form refuses anything else, and save_model checks
again, so a forged POST changes nothing.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from network.api import SiteScopedAdminMixin, current_site_id
from ops.uploads import StorageFailureAdminMixin

from .models import (
    Article,
    ArticleRedirect,
    Category,
    GalleryPhoto,
    RebuttalSource,
    Status,
    StatusChange,
    Tag,
    default_pin_end,
    is_approver,
)


@admin.register(Category)
class CategoryAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order", "show_in_menu")
    list_editable = ("order", "show_in_menu")
    search_fields = ("name",)
    fields = ("name", "slug", "order", "show_in_menu", "description")


@admin.register(Tag)
class TagAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    fields = ("name", "slug")


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("old_slug", "article", "created_at")
    search_fields = ("old_slug", "article__title")
    readonly_fields = ("old_slug", "article", "created_at")
    list_select_related = ("article",)

    def has_add_permission(self, request):
        return False


class GalleryPhotoInline(SiteScopedAdminMixin, admin.TabularInline):
    model = GalleryPhoto
    extra = 0
    fields = ("image", "alt", "caption", "order")
    verbose_name = "ảnh"
    verbose_name_plural = "bộ ảnh kèm bài"


class RebuttalSourceInline(SiteScopedAdminMixin, admin.TabularInline):
    """The official sources of a rebuttal (bài phản bác): shown on the article page and in its
    ClaimReview data; ignored for ordinary news."""

    model = RebuttalSource
    extra = 0
    fields = ("title", "url", "order")
    verbose_name = "nguồn chính thức"
    verbose_name_plural = "nguồn chính thức (chỉ dùng cho bài phản bác)"


class StatusChangeInline(SiteScopedAdminMixin, admin.TabularInline):
    """The workflow history of an article, read-only: who moved it, when, from what to what."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    verbose_name = "bước"
    verbose_name_plural = "lịch sử trạng thái"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.view_article")


class ArticleAdminForm(forms.ModelForm):
    """The article form. It has no Meta of its own: the admin makes it for the site being worked
    on, from the fieldsets, so that its choices (categories, tags) are read inside that site's
    work and never at import, outside any site."""

    acting_user = None  # set per request by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are of the article's own site, also for a platform administrator who
        # works across all sites.
        site_id = self.instance.site_id or current_site_id()
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and any(f.name == "site" for f in queryset.model._meta.concrete_fields):
                field.queryset = queryset.filter(site_id=site_id)
        status = self.fields.get("status")
        if status is not None and self.acting_user is not None:
            allowed = self.instance.allowed_statuses(self.acting_user)
            status.choices = [(value, label) for value, label in Status.choices if value in allowed]
            status.help_text = (
                "Duyệt bài: xuất bản, gỡ xuống hoặc lưu trữ."
                if is_approver(self.acting_user)
                else "Viết xong, chọn “Chờ duyệt” để gửi bài cho người duyệt."
            )


@admin.register(Article)
class ArticleAdmin(SiteScopedAdminMixin, StorageFailureAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "title",
        "category",
        "status",
        "publish_at",
        "is_pinned",
        "pinned_until",
        "author",
        "view_count",
    )
    list_filter = ("status", "kind", "category", "is_pinned")
    list_select_related = ("category", "author")
    search_fields = ("title", "summary")
    date_hierarchy = "publish_at"
    ordering = ("-updated_at",)
    filter_horizontal = ("tags", "people")
    inlines = [GalleryPhotoInline, RebuttalSourceInline, StatusChangeInline]
    actions = ["publish_selected", "unpublish_selected", "submit_for_review", "pin_selected"]
    save_on_top = True
    _info_fields = (
        "public_link",
        "view_count",
        "first_published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    fieldsets = [
        (None, {"fields": ("title", "slug", "kind", "category", "summary", "body")}),
        (
            "Bài phản bác",
            {
                "fields": ("claim", "claim_origin", "verdict", "rebuttal_summary"),
                "description": "Chỉ điền khi loại bài là “Bài phản bác”; nguồn chính thức nhập ở cuối trang.",
            },
        ),
        ("Ảnh đại diện", {"fields": ("photo", "photo_alt", "photo_decorative", "photo_caption")}),
        ("Tác giả, nguồn và liên quan", {"fields": ("credit", "source", "author", "tags", "people")}),
        ("Xuất bản", {"fields": ("status", "publish_at", "expire_at", "is_pinned", "pinned_until")}),
        ("Thông tin", {"classes": ("collapse",), "fields": _info_fields}),
    ]

    # --- who sees and changes what ----------------------------------------------------
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        # Another site's article is refused (403); an article of this site that the editor may
        # not see (someone else's) stays "does not exist", as the admin says of it.
        try:
            return super().get_object(request, object_id, from_field)
        except PermissionDenied:
            if Article.objects.filter(**{from_field or "pk": object_id}).exists():
                return None
            raise

    def get_search_results(self, request, queryset, search_term):
        # Folded: "nhan", "NHẶN" and "Phan Văn Nhặn" all find "Phan Văn Nhặn".
        return queryset.search(search_term), False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.can_edit(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_approver(request.user)

    def has_publish_permission(self, request):
        return is_approver(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self._info_fields)
        if not is_approver(request.user):
            readonly += ["is_pinned", "pinned_until", "author"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.acting_user = request.user  # a fresh class per call: safe per request
        return form_class

    def save_model(self, request, obj, form, change):
        user = request.user
        if change and not obj.can_edit(user):
            raise PermissionDenied("Bạn không được sửa bài này.")
        if obj.status != (obj._loaded_status or Status.DRAFT) and obj.status not in obj.allowed_statuses(
            user
        ):
            raise PermissionDenied("Bạn không được chuyển bài sang trạng thái này.")
        if not change:
            obj.created_by = user
            if not obj.author_id:
                obj.author = user
        if not is_approver(user):
            obj.is_pinned = obj._loaded_pinned
        obj.updated_by = user
        super().save_model(request, obj, form, change)

    # --- display --------------------------------------------------------------------------
    @admin.display(description="trên cổng")
    def public_link(self, obj):
        if not obj or not obj.pk or not obj.slug:  # a re-shown invalid form may have cleared it
            return "—"
        label = "Xem bài trên cổng" if obj.is_live else "Xem bản nháp (chỉ cán bộ xem được)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    # --- workflow actions -----------------------------------------------------------------
    def _bulk_transition(self, request, queryset, to_status: str, done: str):
        changed, refused = 0, 0
        for article in queryset:
            if article.status == to_status:
                continue
            try:
                article.transition(to_status, request.user)
            except PermissionDenied:
                refused += 1
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{done}: {changed} bài.", messages.SUCCESS)
        if refused:
            self.message_user(request, f"Không được phép với {refused} bài.", messages.WARNING)

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Status.PUBLISHED, "Đã xuất bản")

    @admin.action(description="Gỡ xuống các bài đã chọn", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Status.UNPUBLISHED, "Đã gỡ xuống")

    @admin.action(description="Ghim lên trang chủ các bài đã chọn", permissions=["publish"])
    def pin_selected(self, request, queryset):
        now = timezone.now()
        for article in queryset:
            article.pin(request.user, now)
        still = queryset.model.objects.filter(pk__in=queryset.values("pk"), is_pinned=True).count()
        self.message_user(
            request,
            f"Đã ghim {still} bài đến {date_format(timezone.localtime(default_pin_end(now)), 'd/m/Y H:i')}.",
            messages.SUCCESS,
        )

    @admin.action(description="Gửi duyệt các bài đã chọn", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._bulk_transition(request, queryset, Status.REVIEW, "Đã gửi duyệt")
