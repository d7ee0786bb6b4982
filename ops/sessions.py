"""Session engine (SESSION_ENGINE = "ops.sessions"): Django's database sessions plus the user's
id on every row, written whenever the session is saved (so also after a key rotation)."""

from collections.abc import Iterable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from ops.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj


def end_sessions(user_ids: Iterable[int], keep: str | None = None) -> int:
    """Delete every session of these users except the one whose key is `keep`; returns how many."""
    from ops.models import UserSession

    sessions = UserSession.objects.filter(user_id__in=list(user_ids))
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted
