"""Permissions per site: a staff member's role (a group) counts on the sites it was given for.

Django's ModelBackend takes a user's group permissions from `user.groups`, which would make an
editor of one commune an editor everywhere. This backend takes them from the user's `SiteRole`
rows for the site being worked on instead (`network.current`): on the site of the host they are
using, a staff member has the rights of their role there, and none elsewhere. Superusers are the
platform administrators: they have every right on every site, as in Django. Permissions given
to the user directly (not through a group) apply on every site; the platform gives none.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .current import current_site_id


class SiteRoleBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        site_id = current_site_id()
        if site_id is None:
            return Permission.objects.none()
        return Permission.objects.filter(group__site_roles__user=user_obj, group__site_roles__site_id=site_id)

    def _get_permissions(self, user_obj, obj, from_name):
        if from_name != "group":
            return super()._get_permissions(user_obj, obj, from_name)
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        # Cached per site: one user object may be asked about two sites in one process.
        cache_name = f"_group_perm_cache_site_{current_site_id()}"
        if not hasattr(user_obj, cache_name):
            if user_obj.is_superuser:
                perms = Permission.objects.all()
            else:
                perms = self._get_group_permissions(user_obj)
            perms = perms.values_list("content_type__app_label", "codename").order_by()
            setattr(user_obj, cache_name, {f"{ct}.{name}" for ct, name in perms})
        return getattr(user_obj, cache_name)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return {*self.get_user_permissions(user_obj), *self.get_group_permissions(user_obj)}
