"""Startup refuses bad configuration with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SECRET_KEY": "tYq8-Jm2Lx0vRz7Wc4Nb1Hs6Kd9Pf3Ga5Ue" * 2,
    "DJANGO_ALLOWED_HOSTS": "bcd35.example.gov.vn",
    "DJANGO_DEBUG": "false",
    "DJANGO_HTTPS": "true",
    "DJANGO_SERVE_MEDIA": "false",
}


def _run(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))}
    env.update(PROD_ENV)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env["DJANGO_ENV_FILE"] = "none"  # a developer's .env must not leak into these checks
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    for k, v in env_overrides.items():
        if v is None:
            env.pop(k, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_missing_secret_key_with_debug_off_stops_startup():
    result = _run({"DJANGO_SECRET_KEY": None}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_default_looking_secret_key_is_refused():
    result = _run({"DJANGO_SECRET_KEY": "django-insecure-abc"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short" in result.stderr


def test_empty_allowed_hosts_in_production_stops_startup():
    result = _run({"DJANGO_ALLOWED_HOSTS": ""}, "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is empty" in result.stderr


def test_malformed_boolean_names_the_variable():
    result = _run({"DJANGO_DEBUG": "perhaps"}, "check")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='perhaps' is not a boolean" in result.stderr


def test_malformed_database_url_names_the_variable():
    result = _run({"DATABASE_URL": "mysqlx:/broken"}, "check")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_malformed_number_names_the_variable():
    result = _run({"IMAGE_MAX_UPLOAD_MB": "fifteen"}, "check")
    assert result.returncode != 0
    assert "IMAGE_MAX_UPLOAD_MB='fifteen' is not a whole number" in result.stderr


def test_production_settings_pass_check_deploy_with_zero_warnings():
    result = _run({}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_no_model_change_lacks_a_migration():
    result = _run({}, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_time_zone_and_language_are_vietnamese(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.USE_TZ is True
    assert settings.DEBUG is False
