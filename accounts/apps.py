from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản"


class AxesConfig(AxesAppConfig):
    """django-axes (sign-in lockouts) under a Vietnamese name in the admin's app list."""

    verbose_name = "Khóa đăng nhập"
