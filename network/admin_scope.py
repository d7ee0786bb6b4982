"""The admin, per site: what every per-site model's admin inherits.

Staff work in the admin of the host they are on, and see and change only that site's objects
(the site middleware scopes every query). What the admin adds on top:
- an object of another site, reached by its address or a forged form, is refused with 403
  instead of Django's "does not exist" redirect, and nothing is changed;
- a new object belongs to the site being worked on;
- an archived site is read-only for its staff;
- platform administrators (superusers) work across all sites (`PlatformAdminScopeMiddleware`)
  and see which site each object belongs to; the choices a form offers them (document types,
  issuing bodies, categories…) are still those of the object's own site, never every site's.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from .current import scopes_disabled


def is_platform_admin(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def works_here(request) -> bool:
    """The user is a platform administrator, or holds a role on the site being served: what
    pages meant for "every staff member" of a site (its visit statistics) ask."""
    user = getattr(request, "user", None)
    if not (user and user.is_active and user.is_staff):
        return False
    if is_platform_admin(user):
        return True
    site = getattr(request, "site", None)
    return site is not None and user.site_roles.filter(site_id=site.pk).exists()


def _archived(request) -> bool:
    return bool(getattr(request, "site_archived", False)) and not is_platform_admin(request.user)


class SiteScopedAdminMixin:
    """Mix into a ModelAdmin (or inline) of a model with a `site` key."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not is_platform_admin(request.user):
            model = self.model
            field = model._meta.get_field(from_field) if from_field else model._meta.pk
            try:
                value = field.to_python(object_id)
            except Exception:
                return None
            site = getattr(request, "site", None)
            with scopes_disabled():
                elsewhere = model._base_manager.filter(**{field.name: value})
                if site is not None:
                    elsewhere = elsewhere.exclude(site_id=site.pk)
                if elsewhere.exists():
                    raise PermissionDenied("Đối tượng này thuộc cổng của một Ban Chỉ đạo khác.")
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        if request is not None:
            site = getattr(request, "site", None)
            request._choices_site_id = getattr(obj, "site_id", None) or getattr(site, "pk", None)
        return super().get_form(request, obj, change=change, **kwargs)

    def _limit_to_site(self, db_field, request, kwargs) -> None:
        """A platform administrator works outside the site scope: a related per-site model's
        choices are narrowed to the object's site here (staff are scoped already)."""
        site_id = getattr(request, "_choices_site_id", None)
        related = db_field.remote_field.model
        if (
            site_id is not None
            and "queryset" not in kwargs
            and is_platform_admin(request.user)
            and any(field.name == "site" for field in related._meta.concrete_fields)
        ):
            kwargs["queryset"] = related._default_manager.filter(site_id=site_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_to_site(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_to_site(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request, *args):
        return not _archived(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if _archived(request):
            return False
        if obj is not None and not self._on_request_site(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _archived(request):
            return False
        if obj is not None and not self._on_request_site(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def _on_request_site(self, request, obj) -> bool:
        site_id = getattr(obj, "site_id", None)
        if site_id is None or is_platform_admin(request.user):
            return True
        site = getattr(request, "site", None)
        return site is not None and site.pk == site_id

    def save_model(self, request, obj, form, change):
        site = getattr(request, "site", None)
        if getattr(obj, "site_id", None) is None and site is not None:
            obj.site_id = site.pk
        if not self._on_request_site(request, obj):
            raise PermissionDenied("Đối tượng này thuộc cổng của một Ban Chỉ đạo khác.")
        super().save_model(request, obj, form, change)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if is_platform_admin(request.user) and hasattr(self.model, "site_id") and "site" not in columns:
            columns.append("site")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if is_platform_admin(request.user) and hasattr(self.model, "site_id") and "site" not in filters:
            filters.append("site")
        return filters


class SiteScopedAdmin(SiteScopedAdminMixin, admin.ModelAdmin):
    pass


class PlatformAdminScopeMiddleware:
    """In the admin, platform administrators see every site's objects (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path.startswith(self.prefix) and is_platform_admin(getattr(request, "user", None)):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
