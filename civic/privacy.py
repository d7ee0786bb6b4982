"""Contact details kept only as long as a case needs them (Luật Bảo vệ dữ liệu cá nhân 91/2025).

Each feature that stores a citizen's contact details (name, email, phone) registers one purger:

    from civic.privacy import register_purger

    @register_purger("questions")
    def purge_question_contacts(closed_before: datetime) -> int:
        # blank the contact fields of cases closed before `closed_before`; return how many
        ...

The management command ``purge_citizen_contacts`` (run daily by cron or a timer) calls every
registered purger with ``closed_before = now - CIVIC_CONTACT_RETENTION_DAYS`` inside
``network.api.all_sites()``, so one purger covers every site. A purger must blank or delete
only the contact details, never the case itself (a published answer stays published), and must
be idempotent. Register purgers from the feature's ``AppConfig.ready()`` (or a module it
imports) so the command sees them.

The retention shown to citizens comes from the same setting: ``retention_days()``; the notice
template ``civic/includes/privacy_notice.html`` takes ``kept`` (what is kept, plain text) and, optionally,
``retention_days`` (defaults to the setting).
"""

import datetime
from collections.abc import Callable

from django.conf import settings

Purger = Callable[[datetime.datetime], int]

_PURGERS: dict[str, Purger] = {}


def register_purger(name: str, purger: Purger | None = None):
    """Register `purger` under `name` (usable as a decorator); registering a name again replaces it."""

    def add(func: Purger) -> Purger:
        _PURGERS[name] = func
        return func

    return add(purger) if purger is not None else add


def purgers() -> dict[str, Purger]:
    """The registered purgers by name, in registration order."""
    return dict(_PURGERS)


def retention_days() -> int:
    """Days a closed case keeps its citizen's contact details (CIVIC_CONTACT_RETENTION_DAYS)."""
    return int(getattr(settings, "CIVIC_CONTACT_RETENTION_DAYS", 90))
