"""Đánh giá mức độ hài lòng in the admin: a dashboard (charts, per page, per month, recent
comments) and CSV exports, of the site whose admin is open only.

Who reads them: "Duyệt bài" (they answer for what is published) and "Thư ký" (they answer
to the committee for the portal), through the view_rating permission their groups get
(ratings/migrations/0002_reader_groups.py); the platform administrator too. Nobody adds,
changes or deletes ratings by hand.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from network.api import SiteScopedAdminMixin

from .dashboard import EXPORTS, dashboard_context, export_csv
from .models import Rating


def _site_id(request) -> int:
    """The site whose admin is open: its ratings only, also for a platform administrator."""
    site = getattr(request, "site", None)
    return site.pk if site is not None else 1


@admin.register(Rating)
class RatingAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    def get_urls(self):
        urls = [
            path(
                "csv/<slug:kind>/",
                self.admin_site.admin_view(self.export_view),
                name="ratings_rating_csv",
            ),
        ]
        return urls + super().get_urls()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Đánh giá mức độ hài lòng",
            "opts": self.model._meta,
            **dashboard_context(_site_id(request)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "ratings/admin/dashboard.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One rating alone says little and its key nothing: the dashboard shows them all.
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().change_view(request, object_id, form_url, extra_context)

    def export_view(self, request, kind: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in EXPORTS:
            raise Http404
        return export_csv(kind, _site_id(request))

    fields = ("target_name", "day", "choice", "comment")
    readonly_fields = ("target_name", "day", "choice", "comment")

    @admin.display(description="nội dung được đánh giá")
    def target_name(self, obj: Rating) -> str:
        return str(obj.target) if obj.target is not None else f"#{obj.object_id} (đã xóa)"
