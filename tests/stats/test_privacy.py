"""Privacy: no IP or user agent in any key, row or log line; salts gone after 48 hours.

The rules: docs/visit-counter.md, "Privacy".
"""

import datetime
import logging

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from common.addresses import normalise_ip
from stats.counter import count_hit
from stats.models import VisitorPresence, VisitSalt
from stats.utils import visitor_key

from .helpers import at, browser

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.stats.urls")]

IP = "198.51.100.234"
IPV6 = "2001:db8:abcd:12:3456:789a:bcde:f012"
UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 UniqueMarker/9.9"
)
SECRETS = [IP, "198.51.100", IPV6, "2001:db8:abcd:12", UA, "UniqueMarker"]
T = at(2025, 3, 12, 3, 0, 0)


def _traffic():
    with time_machine.travel(T, tick=False):
        browser(UA, ip=IP).get("/tin-tuc/bai-viet/")
        browser(UA, ip=IPV6).get("/tin-tuc/bai-viet/")
        browser(UA, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=IP).get("/")


def _all_stats_rows() -> str:
    dump = []
    for model in apps.get_app_config("stats").get_models():
        dump += [repr(row) for row in model.objects.values_list()]
    return "\n".join(dump)


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} leaked"


def test_no_database_row_holds_an_ip_or_user_agent(settings, caplog):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    caplog.set_level(logging.DEBUG)
    _traffic()
    assert VisitorPresence.objects.count() == 2  # the IPv6 /64 and the IPv4 (twice: proxied)
    _assert_clean(_all_stats_rows())
    _assert_clean("\n".join(r.getMessage() for r in caplog.records))


def test_no_redis_key_or_value_holds_an_ip_or_user_agent(redis_store, caplog):
    caplog.set_level(logging.DEBUG)
    _traffic()
    keys = redis_store.keys()
    assert keys
    dump = []
    for key in keys:
        kind = redis_store.client.type(key).decode()
        value = {
            "string": redis_store.client.get,
            "hash": redis_store.client.hgetall,
            "zset": lambda k: redis_store.client.zrange(k, 0, -1, withscores=True),
        }[kind](key)
        dump.append(f"{key} {value!r}")
    _assert_clean("\n".join(dump))
    _assert_clean("\n".join(r.getMessage() for r in caplog.records))


def test_log_lines_of_a_failing_store_hold_no_ip_or_user_agent(settings, caplog):
    from stats.backends import reset_backends

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    reset_backends()
    caplog.set_level(logging.DEBUG)
    _traffic()
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "counting skipped" in text
    _assert_clean(text)


def test_the_same_address_and_browser_get_different_keys_on_two_days():
    with time_machine.travel(T, tick=False):
        count_hit(normalise_ip(IP), UA, "testserver")
    with time_machine.travel(T + datetime.timedelta(days=1), tick=False):
        count_hit(normalise_ip(IP), UA, "testserver")
    keys = list(VisitorPresence.objects.values_list("visitor_key", flat=True))
    assert len(keys) == 2 and keys[0] != keys[1]


def test_the_key_is_a_keyed_hash_of_address_browser_and_host():
    salt = bytes(32)
    key = visitor_key(salt, "198.51.100.234", UA, "bcd35.example.gov.vn")
    assert len(key) == 32 and int(key, 16) >= 0  # 16 bytes, hex
    assert key != visitor_key(bytes([1]) * 32, "198.51.100.234", UA, "bcd35.example.gov.vn")
    assert key != visitor_key(salt, "198.51.100.234", UA, "other.example.gov.vn")
    assert normalise_ip(IPV6) == "2001:db8:abcd:12::/64"
    assert normalise_ip("::ffff:198.51.100.234") == "198.51.100.234"


def test_salts_and_presence_rows_are_gone_48_hours_later():
    with time_machine.travel(T, tick=False):  # Wed 10:00 +07
        count_hit(normalise_ip(IP), UA, "testserver")
    assert VisitSalt.objects.filter(day=datetime.date(2025, 3, 12)).exists()
    with time_machine.travel(T + datetime.timedelta(days=1), tick=False):  # Thursday
        count_hit(normalise_ip(IP), UA, "testserver")
        assert VisitSalt.objects.count() == 2  # yesterday's is kept: visits in progress at midnight
    with time_machine.travel(T + datetime.timedelta(days=2), tick=False):  # Friday: 48 h later
        count_hit(normalise_ip(IP), UA, "testserver")
    assert not VisitSalt.objects.filter(day=datetime.date(2025, 3, 12)).exists()
    assert not VisitorPresence.objects.filter(day=datetime.date(2025, 3, 12)).exists()


def test_prune_visits_removes_expired_salts_without_traffic():
    VisitSalt.objects.create(day=datetime.date(2025, 3, 10), salt="00" * 32)
    VisitSalt.objects.create(day=datetime.date(2025, 3, 11), salt="11" * 32)
    VisitSalt.objects.create(day=datetime.date(2025, 3, 12), salt="22" * 32)
    with time_machine.travel(T, tick=False):
        call_command("prune_visits", stdout=open("/dev/null", "w"))
        call_command("prune_visits", stdout=open("/dev/null", "w"))
    assert sorted(VisitSalt.objects.values_list("day", flat=True)) == [
        datetime.date(2025, 3, 11),
        datetime.date(2025, 3, 12),
    ]


def test_the_salt_is_first_writer_wins(store):
    day = datetime.date(2025, 3, 12)
    first = store.salt(day)
    store.forget_salt(day)
    assert store.salt(day) == first
    assert len(first) == 32
