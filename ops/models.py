from django.conf import settings
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
        verbose_name = "phiên đăng nhập"
        verbose_name_plural = "phiên đăng nhập"
        ordering = ["-expire_date"]

    @classmethod
    def get_session_store_class(cls):
        from ops.sessions import SessionStore

        return SessionStore
