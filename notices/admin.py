"""Banners in the admin: each site's staff manage their own site's (SiteScopedAdminMixin);
the holiday list is the platform administrator's (one list for every site)."""

from django.contrib import admin
from django.utils import timezone

from network.api import SiteScopedAdminMixin

from .models import Holiday, Notice


@admin.register(Notice)
class NoticeAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "starts_at", "ends_at", "state")
    list_filter = ("kind",)
    search_fields = ("text",)
    fieldsets = [
        (None, {"fields": ("kind", "text", "link", "starts_at", "ends_at")}),
        (
            "Tạm dừng hoạt động theo kế hoạch",
            {
                "fields": ("stop_starts_at", "restore_at", "force_majeure"),
                "description": "Chỉ điền khi loại thông báo là “Tạm dừng hoạt động theo kế hoạch”. "
                "Thời điểm tạm dừng phải sau ngày đăng thông báo ít nhất 7 ngày làm việc (không "
                "tính thứ Bảy, Chủ nhật và ngày nghỉ lễ), trừ trường hợp bất khả kháng.",
            },
        ),
    ]

    @admin.display(description="trạng thái")
    def state(self, obj: Notice) -> str:
        now = timezone.now()
        if obj.ends_at <= now:
            return "Đã hết hạn"
        if obj.starts_at > now:
            return "Chưa đến giờ hiện"
        return "Đang hiện"


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Kept by the platform administrator: add each year's lunar holidays when announced."""

    list_display = ("day", "name")
    date_hierarchy = "day"
    search_fields = ("name",)
