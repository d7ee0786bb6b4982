from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from network.api import SiteScopedAdminMixin, is_platform_admin
from ops.uploads import StorageFailureAdminMixin

from .models import MenuItem, Page, SiteSettings, WebLink


@admin.register(SiteSettings)
class SiteSettingsAdmin(SiteScopedAdminMixin, StorageFailureAdminMixin, admin.ModelAdmin):
    fieldsets = [
        ("Tên và cấp", {"fields": ["full_name", "short_name", "level", "locality", "parent_body", "logo"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email", "fanpage_url"]}),
        (
            "Người đầu mối",
            {
                "fields": [
                    "contact_name",
                    "contact_position",
                    "contact_unit",
                    "contact_phone",
                    "contact_email",
                ]
            },
        ),
        ("Cột bên và chân trang", {"fields": ["admin_map", "footer_text"]}),
        ("Mã theo dõi (EMC)", {"fields": ["tracking_script_url", "tracking_label"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request):
        site = getattr(request, "site", None)
        return (
            site is not None
            and not SiteSettings.objects.filter(site_id=site.pk).exists()
            and super().has_add_permission(request)
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Each site has one identity: its staff go straight to it; platform administrators
        see the list of every site's."""
        site = getattr(request, "site", None)
        obj = SiteSettings.objects.filter(site_id=site.pk).first() if site is not None else None
        if obj is not None and not is_platform_admin(request.user):
            return HttpResponseRedirect(reverse("admin:pages_sitesettings_change", args=[obj.pk]))
        return super().changelist_view(request, extra_context)


@admin.register(MenuItem)
class MenuItemAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "url", "order", "is_visible"]
    list_editable = ["order", "is_visible"]


@admin.register(WebLink)
class WebLinkAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "url", "order", "is_visible"]
    list_editable = ["order", "is_visible"]


@admin.register(Page)
class PageAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "language", "is_published", "updated_at"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
