"""Session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions plus the
user's id on every row, written whenever the session is saved (so also after a key rotation).

The model and its store live in one module, as in Django's own example of extending the
database session engine: each names the other, so apart they would import each other.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class UserSession(AbstractBaseSession):
    """A database session that records whose it is (Django's documented way to extend the
    session engine), so that logging out can end the user's sessions on every device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="login_sessions",
        verbose_name="người dùng",
        db_constraint=False,  # a session may outlive a deleted user for one request
    )

    class Meta(AbstractBaseSession.Meta):
        app_label = "accounts"
        verbose_name = "phiên đăng nhập"
        verbose_name_plural = "phiên đăng nhập"
        ordering = ["-expire_date"]

    @classmethod
    def get_session_store_class(cls):
        return SessionStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
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
    sessions = UserSession.objects.filter(user_id__in=list(user_ids))
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted
