"""The site a piece of code is working for.

Two things follow the site of the request being served: the query scope (django-scopes, which
adds `site = …` to every query of a per-site model and refuses queries when no site is chosen)
and this module's own note of the Site row, for the code that needs more than its id (the
permission backend, defaults of new rows, upload prefixes). `working_on(site)` sets both; the
site middleware wraps every request in it, commands and jobs wrap their work in it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django_scopes import get_scope, scope, scopes_disabled

_current_site: ContextVar = ContextVar("network_current_site", default=None)

__all__ = ["working_on", "all_sites", "current_site", "current_site_id", "scopes_disabled"]


@contextmanager
def working_on(site):
    """Run the block for one site: its queries see only its rows, its new rows belong to it."""
    token = _current_site.set(site)
    try:
        with scope(site=site.pk):
            yield site
    finally:
        _current_site.reset(token)


@contextmanager
def all_sites():
    """Run the block across every site (platform administration, commands over the network)."""
    token = _current_site.set(None)
    try:
        with scopes_disabled():
            yield
    finally:
        _current_site.reset(token)


def current_site():
    """The Site being worked on, or None outside one site's work."""
    return _current_site.get()


def current_site_id() -> int | None:
    site = _current_site.get()
    if site is not None:
        return site.pk
    scope = get_scope()
    if not scope.get("_enabled", True):  # all_sites(): no one site is being worked on
        return None
    value = scope.get("site")
    return value if isinstance(value, int) else None
