"""Platform administration: sites, their host names, their place in the network and their staff.

Only platform administrators (superusers) see these pages."""

from django.contrib import admin
from django.contrib.sites.admin import SiteAdmin as DjangoSiteAdmin
from django.contrib.sites.models import Site

from .models import Committee, SiteAlias, SiteRole


class CommitteeInline(admin.StackedInline):
    model = Committee
    fk_name = "site"
    can_delete = False
    fields = ("parent", "unit_code", "status", "merged_into", "position")
    readonly_fields = ("merged_into",)


class SiteAliasInline(admin.TabularInline):
    model = SiteAlias
    extra = 0


class SiteRoleInline(admin.TabularInline):
    """Who works on a site and as what; shown on the site and on the user."""

    model = SiteRole
    extra = 0


admin.site.unregister(Site)


@admin.register(Site)
class SiteAdmin(DjangoSiteAdmin):
    list_display = ("name", "domain", "parent", "status")
    search_fields = ("name", "domain", "aliases__host")
    inlines = (CommitteeInline, SiteAliasInline, SiteRoleInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee__parent__site")

    @admin.display(description="cấp trên")
    def parent(self, site):
        committee = getattr(site, "committee", None)
        return committee.parent if committee and committee.parent else "—"

    @admin.display(description="trạng thái")
    def status(self, site):
        committee = getattr(site, "committee", None)
        return committee.get_status_display() if committee else "—"

    def has_delete_permission(self, request, obj=None):
        return False  # a site is archived or merged, never deleted from here (see delete_committee)


Site._meta.verbose_name = "cổng Ban Chỉ đạo"
Site._meta.verbose_name_plural = "cổng Ban Chỉ đạo"
