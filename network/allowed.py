"""ALLOWED_HOSTS for the platform (settings import this module: no Django models at import)."""

from collections.abc import Iterable


class SiteHosts(list):
    """`ALLOWED_HOSTS` for the platform: the names listed in the environment plus every site's
    host names from the database, never a wildcard. Django checks the Host header against it
    whenever a request's host is read; an unknown host never gets that far (the site middleware
    answers it first with the platform's own page). A list, as Django's settings require; its
    items are the listed names, and iterating it adds the sites' names."""

    def __init__(self, listed: Iterable[str]):
        super().__init__(listed)
        self.listed = list(listed)

    def __iter__(self):
        yield from self.listed
        from django.db import DatabaseError

        from .hosts import host_map

        try:
            yield from host_map().hosts
        except (DatabaseError, RuntimeError):  # before the first migration, database down or barred
            return

    def __bool__(self):
        return True

    def __contains__(self, host):
        return any(host == item for item in self)

    def __repr__(self):
        return f"SiteHosts({self.listed!r} + the sites' host names)"
