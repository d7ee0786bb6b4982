from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from network.api import SiteScopedAdminMixin, works_here

from .dashboard import EXPORTS, dashboard_context, export_csv
from .models import CounterBaseline, DailyVisits


def _site_id(request) -> int:
    """The site whose admin is open: its figures only, also for a platform administrator."""
    site = getattr(request, "site", None)
    return site.pk if site is not None else 1


class _StaffReadOnly(admin.ModelAdmin):
    """Every staff member may read the statistics; nobody edits them by hand."""

    def has_module_permission(self, request):
        return works_here(request)

    def has_view_permission(self, request, obj=None):
        return works_here(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DailyVisits)
class DailyVisitsAdmin(SiteScopedAdminMixin, _StaffReadOnly):
    """The "Thống kê truy cập" dashboard of the site being administered: charts, most read,
    CSV exports (staff only)."""

    def get_urls(self):
        urls = [
            path(
                "csv/<slug:kind>/",
                self.admin_site.admin_view(self.export_view),
                name="stats_dailyvisits_csv",
            ),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Thống kê truy cập",
            "opts": self.model._meta,
            "exports": EXPORTS,
            **dashboard_context(_site_id(request)),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "stats/admin/dashboard.html", context)

    def export_view(self, request, kind: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if kind not in EXPORTS:
            raise Http404
        return export_csv(kind, _site_id(request))


@admin.register(CounterBaseline)
class CounterBaselineAdmin(SiteScopedAdminMixin, _StaffReadOnly):
    """Shown for reference; set with `manage.py set_visit_baseline VISITS --as-of YYYY-MM-DD`."""

    list_display = ["visits", "as_of", "updated_at"]
    fields = ["visits", "as_of", "updated_at"]
    readonly_fields = ["visits", "as_of", "updated_at"]
