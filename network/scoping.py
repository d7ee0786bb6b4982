"""The scoped default manager of per-site models.

The scope itself is django-scopes' (`scope(site=…)`, `scopes_disabled()`, set for each request
by the site middleware): inside one, every query of a per-site model is filtered on the site; a
query that runs outside any scope is refused with django-scopes' ScopeError.

django-scopes' own `ScopedManager` refuses even to *build* a queryset outside a scope, and
Django builds some at import time (a ModelForm's choice fields, declared once per process), so
a form declared in a module could never be used. This manager builds the queryset anyway and
applies the scope when the query *runs*: a queryset made outside a scope and evaluated inside
one (the form's choices, rendered in a request) sees that request's site only; evaluated
outside any scope, it is refused.
"""

from functools import cache

from django.db import models
from django.db.models import Q
from django_scopes import get_scope
from django_scopes.exceptions import ScopeError

SCOPE_DIMENSION = "site"


def _site_filter(scope) -> Q | None:
    """The filter the scope asks for, None for "no filter" (scopes disabled); ScopeError if none."""
    if not scope.get("_enabled", True):
        return None
    if SCOPE_DIMENSION not in scope:
        raise ScopeError("A scope on dimension(s) site needs to be active for this query.")
    value = scope[SCOPE_DIMENSION]
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return Q(site__in=[getattr(v, "pk", v) for v in value])
    return Q(site=getattr(value, "pk", value))


class SiteScopedQuerySetMixin:
    _site_pending = False

    def _clone(self):
        clone = super()._clone()
        clone._site_pending = self._site_pending
        return clone

    def _apply_pending_site(self):
        if self._site_pending:
            condition = _site_filter(get_scope())
            if condition is not None:
                self.query.add_q(condition)
            self._site_pending = False

    def _fetch_all(self):
        if self._result_cache is None:
            self._apply_pending_site()
        super()._fetch_all()

    def count(self):
        self._apply_pending_site()
        return super().count()

    def exists(self):
        self._apply_pending_site()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._apply_pending_site()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._apply_pending_site()
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs):
        self._apply_pending_site()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._apply_pending_site()
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def in_bulk(self, *args, **kwargs):
        self._apply_pending_site()
        return super().in_bulk(*args, **kwargs)

    def contains(self, obj):
        self._apply_pending_site()
        return super().contains(obj)

    def explain(self, *args, **kwargs):
        self._apply_pending_site()
        return super().explain(*args, **kwargs)


@cache
def _scoped_queryset_class(queryset_class):
    return type(f"SiteScoped{queryset_class.__name__}", (SiteScopedQuerySetMixin, queryset_class), {})


class SiteManager(models.Manager):
    """Filters at once inside a scope; outside one, when the query runs (see above)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        scope = get_scope()
        if scope.get("_enabled", True) and SCOPE_DIMENSION not in scope:
            queryset._site_pending = True
            return queryset
        condition = _site_filter(scope)
        return queryset if condition is None else queryset.filter(condition)

    def with_scope(self, site):
        """Rows of the given site or sites, whatever the current scope (a province's view of its
        members' content)."""
        ids = [getattr(s, "pk", s) for s in (site if isinstance(site, (list, tuple, set)) else [site])]
        return super().get_queryset().filter(site__in=ids)

    def all_sites(self):
        """Every site's rows (platform administration)."""
        return super().get_queryset()

    def with_scopes_disabled(self):
        """django-scopes' name for `all_sites()`."""
        return self.all_sites()
