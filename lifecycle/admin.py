"""The platform administrator's pages for a site's lifecycle: create from the official list of
administrative units, archive, reactivate, merge (with a dry run first)."""

from django.contrib import admin, messages
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from network.admin import SiteAdmin
from network.models import Committee

from .archive import archive, reactivate
from .create import NewCommittee, create_committee
from .forms import MergeForm, NewCommitteeForm, UnitSearchForm
from .merge import MergeRefused, merge_committees
from .units import derived_identity, find_unit, search_units, suggested_host

admin.site.unregister(Site)


@admin.register(Site)
class PlatformSiteAdmin(SiteAdmin):
    actions = ["archive_sites", "reactivate_sites"]
    change_form_template = "lifecycle/site_change_form.html"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def get_urls(self):
        return [
            path(
                "<int:site_id>/hop-nhat/",
                self.admin_site.admin_view(self.merge_view),
                name="sites_site_merge",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """Tạo Ban Chỉ đạo mới: pick the unit, check the derived names and address, save."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        search = UnitSearchForm(request.GET or None)
        found = search_units(search.data.get("tim", "")) if search.is_bound and search.is_valid() else []
        unit = find_unit(request.GET.get("don_vi", "")) if request.GET.get("don_vi") else None
        if request.method == "POST":
            form = NewCommitteeForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                spec = NewCommittee(
                    host=data["host"],
                    aliases=form.alias_list(),
                    full_name=data["full_name"],
                    short_name=data["short_name"],
                    level=data["level"],
                    locality=data["locality"],
                    parent_body=data["parent_body"],
                    unit_code=data["unit_code"],
                    parent=data["parent"],
                    carried_visits=data["carried_visits"] or 0,
                    carried_as_of=data["carried_as_of"],
                )
                try:
                    site = create_committee(spec)
                except ValidationError as exc:
                    form.add_error("host", exc)
                else:
                    self.message_user(
                        request, f"Đã tạo cổng {site.name} tại {site.domain}.", messages.SUCCESS
                    )
                    return redirect(reverse("admin:sites_site_change", args=[site.pk]))
        else:
            initial = {}
            if unit is not None:
                initial = {**derived_identity(unit), "unit_code": unit.code, "host": suggested_host(unit)}
                if not unit.is_province:
                    parent = Committee.objects.filter(unit_code=unit.province_code).first()
                    initial["parent"] = parent.site_id if parent else None
            form = NewCommitteeForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": "Tạo cổng cho một Ban Chỉ đạo",
            "opts": self.model._meta,
            "search": search,
            "found": found,
            "unit": unit,
            "form": form,
        }
        return TemplateResponse(request, "lifecycle/create.html", context)

    def merge_view(self, request, site_id):
        if not request.user.is_superuser:
            raise PermissionDenied
        old = get_object_or_404(Site, pk=site_id)
        form = MergeForm(request.POST or None)
        form.fields["new"].queryset = Site.objects.exclude(pk=old.pk).order_by("name")
        report = error = None
        if request.method == "POST" and form.is_valid():
            new = form.cleaned_data["new"]
            real = form.cleaned_data["confirm"]
            try:
                report = merge_committees(old, new, dry_run=not real)
            except MergeRefused as exc:
                error = str(exc)
            else:
                if real:
                    self.message_user(
                        request,
                        f"Đã hợp nhất {old.name} vào {new.name}. " + "; ".join(report.lines()),
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:sites_site_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Hợp nhất {old.name} vào cổng khác",
            "opts": self.model._meta,
            "old": old,
            "form": form,
            "report": report,
            "error": error,
        }
        return TemplateResponse(request, "lifecycle/merge.html", context)

    @admin.action(description="Lưu trữ các cổng đã chọn (chỉ đọc)")
    def archive_sites(self, request, queryset):
        for site in queryset:
            archive(site)
        self.message_user(request, f"Đã lưu trữ {queryset.count()} cổng.", messages.SUCCESS)

    @admin.action(description="Cho các cổng đã chọn hoạt động lại")
    def reactivate_sites(self, request, queryset):
        for site in queryset:
            reactivate(site)
        self.message_user(request, f"{queryset.count()} cổng hoạt động lại.", messages.SUCCESS)
