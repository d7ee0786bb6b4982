"""Anonymous pages come from a short cache that every edit invalidates; staff never see it."""

import pytest
from django.test import Client

from pages.models import Page
from tests.conftest import login_staff

pytestmark = pytest.mark.django_db


def test_second_anonymous_view_is_served_from_the_cache(citizen, cached):
    first = citizen.get("/gioi-thieu/")
    second = citizen.get("/gioi-thieu/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=15"


def test_an_edit_shows_at_once(citizen, cached):
    citizen.get("/gioi-thieu/")
    cached.body = "<p>Bản mới</p>"
    cached.save()
    response = citizen.get("/gioi-thieu/")
    assert "Bản mới" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


def test_unpublishing_removes_the_page_at_once(citizen, cached):
    citizen.get("/gioi-thieu/")
    cached.is_published = False
    cached.save()
    assert citizen.get("/gioi-thieu/").status_code == 404


def test_logged_in_staff_never_get_or_fill_the_cache(cached, superuser):
    staff = Client()
    login_staff(staff, superuser)
    staff.get("/gioi-thieu/")
    response = staff.get("/gioi-thieu/")
    assert "X-Page-Cache" not in response


def test_not_found_is_not_cached(citizen, cached):
    citizen.get("/khong-co/")
    Page.objects.create(slug="khong-co", title="Trang mới", body="")
    assert citizen.get("/khong-co/").status_code == 200


def test_cache_off_when_setting_is_zero(citizen, cached, settings):
    settings.PAGE_CACHE_SECONDS = 0
    citizen.get("/gioi-thieu/")
    assert "X-Page-Cache" not in citizen.get("/gioi-thieu/")


def test_conditional_get_answers_304(citizen, cached):
    etag = citizen.get("/gioi-thieu/")["ETag"]
    assert citizen.get("/gioi-thieu/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_compressed_and_plain_variants_are_cached_apart(citizen, cached):
    body = "<p>" + "Nội dung dài. " * 200 + "</p>"
    cached.body = body
    cached.save()
    gz = citizen.get("/gioi-thieu/", HTTP_ACCEPT_ENCODING="gzip")
    plain = citizen.get("/gioi-thieu/")
    assert gz["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert "Nội dung dài" in plain.content.decode()


def test_widget_is_never_more_than_15_seconds_stale_by_default():
    import portal.settings as production

    assert production.PAGE_CACHE_SECONDS + production.VISIT_WIDGET_CACHE_SECONDS <= 15


def test_an_expired_page_is_rendered_by_one_request_while_the_others_get_it_stale(citizen, cached):
    import datetime

    import time_machine
    from django.core.cache import cache
    from django.utils import timezone

    from pagecache import cache as page_cache

    with time_machine.travel(timezone.now(), tick=False) as clock:
        citizen.get("/gioi-thieu/")
        # Past the content queryset (as the visit counters write): no invalidation, key unchanged.
        Page._base_manager.filter(pk=cached.pk).update(body="<p>Bản mới</p>")
        clock.shift(datetime.timedelta(seconds=16))
        key = next(k for k in cache._cache if "gioi-thieu" in k and ":refresh" not in k)
        lock = key.split(":", 2)[2] + ":refresh"  # locmem keys carry ":<version>:" in front
        assert cache.add(lock, 1)  # another worker is rendering the successor
        stale = citizen.get("/gioi-thieu/")
        assert stale["X-Page-Cache"] == "hit" and "Bản cũ" in stale.content.decode()
        cache.delete(lock)
        fresh = citizen.get("/gioi-thieu/")
        assert fresh["X-Page-Cache"] == "miss" and "Bản mới" in fresh.content.decode()
        assert cache.add(lock, 1), "the renderer releases its lock"
        cache.delete(lock)
        assert citizen.get("/gioi-thieu/")["X-Page-Cache"] == "hit"
        clock.shift(datetime.timedelta(seconds=31))  # fresh 15 s + stale 15 s: gone
        assert page_cache.cache.get(key.split(":", 2)[2]) is None
