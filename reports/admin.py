"""The triage queue of citizens' reports, for the site's staff ("Thư ký", "Duyệt bài").

Reports come only from the public form: nobody adds one here, and what the citizen sent (link,
screenshot, note, name, contact) is read-only. Staff set the status, the assignee, internal
notes and the rebuttal article written in answer.

The reported address is shown as text, never as a link: it is by definition a page someone
reported as hostile (phishing, malware, a tracker that would log the official who opened it
from the office network). Staff who must see it copy it into an isolated browser on purpose.

The screenshot is private: it lies in the documents storage (not served by nginx) and only
`screenshot_view` streams it, through the admin (staff login, two-factor), to staff who may
view the report on the report's own site.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html

from network.api import SiteScopedAdminMixin, current_site_id

from .models import Report

SCREENSHOT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@admin.register(Report)
class ReportAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "created_at", "status", "reported_address", "has_screenshot", "assignee")
    list_filter = ("status", "assignee")
    list_select_related = ("assignee",)
    search_fields = ("reference", "url", "note")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = (
        "reference",
        "created_at",
        "reported_address",
        "screenshot_preview",
        "note",
        "name",
        "contact",
        "closed_at",
        "contact_purged_at",
    )
    fieldsets = [
        (
            "Tin được báo",
            {"fields": ("reference", "created_at", "reported_address", "screenshot_preview", "note")},
        ),
        ("Người báo (xoá tự động sau khi hồ sơ đóng)", {"fields": ("name", "contact", "contact_purged_at")}),
        ("Xử lý", {"fields": ("status", "assignee", "internal_notes", "rebuttal", "closed_at")}),
    ]

    def has_add_permission(self, request):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        site_id = current_site_id()
        if db_field.name == "assignee":
            # Only people who hold a role on this site can be given a case here.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, site_roles__site_id=site_id)
                .distinct()
                .order_by("username")
            )
        if db_field.name == "rebuttal":
            from news.models import Article, Kind

            kwargs["queryset"] = Article.objects.filter(kind=Kind.REBUTTAL).order_by("-created_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- display ------------------------------------------------------------------------
    @admin.display(description="đường dẫn được báo")
    def reported_address(self, obj):
        if not obj.url:
            return "—"
        # Text only (escaped by format_html), never an <a>: see the module doc.
        return format_html(
            '<code class="report-url" translate="no">{}</code><br><span class="help">Không bấm mở trực '
            "tiếp: sao chép và mở trong trình duyệt cách ly nếu cần xác minh.</span>",
            obj.url,
        )

    @admin.display(description="ảnh", boolean=True)
    def has_screenshot(self, obj):
        return bool(obj.screenshot)

    @admin.display(description="ảnh chụp màn hình")
    def screenshot_preview(self, obj):
        if not obj or not obj.screenshot:
            return "—"
        url = reverse("admin:reports_report_screenshot", args=[obj.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="Ảnh chụp màn hình của tin báo {}" class="report-screenshot" '
            'style="max-width:100%;height:auto"></a>',
            url,
            url,
            obj.reference,
        )

    # --- the private screenshot ---------------------------------------------------------
    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/anh/",
                self.admin_site.admin_view(self.screenshot_view),
                name="reports_report_screenshot",
            ),
        ]
        return urls + super().get_urls()

    def screenshot_view(self, request, object_id: int):
        obj = self.get_object(request, str(object_id))  # another site's report: 403
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        if not obj.screenshot:
            raise Http404("Tin báo này không có ảnh.")
        content_type = SCREENSHOT_TYPES.get(obj.screenshot.name.rsplit(".", 1)[-1].lower())
        if content_type is None:
            raise Http404("Tệp không phải ảnh.")
        try:
            handle = obj.screenshot.storage.open(obj.screenshot.name, "rb")
        except FileNotFoundError:
            raise Http404("Tệp không còn trên máy chủ.") from None
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = (
            f'inline; filename="{obj.reference}.{obj.screenshot.name.rsplit(".", 1)[-1]}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
