"""Every request is served for the site its Host header names, or answered by the platform."""

import pytest
from django.conf import settings
from django.contrib.sites.models import Site

from network.current import working_on
from network.models import SiteAlias, Status
from pages.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(site_identity, other_site):
    return Site.objects.get(pk=1), other_site


@pytest.mark.parametrize(
    "host",
    ["unknown.example", "evil.test", "longhuu.test.evil", "xn--bcd35-9ya.example", "127.0.0.2", "a" * 300],
)
def test_an_unknown_host_gets_the_platform_page_in_vietnamese_never_a_committee(client, two_sites, host):
    response = client.get("/", HTTP_HOST=host)
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy cổng thông tin" in body
    assert settings.PLATFORM_NAME in body
    assert "Duyên Hải" not in body and "Long Hữu" not in body
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/tin-tuc/", "/van-ban/", "/tim-kiem/?q=a", "/sitemap.xml", "/robots.txt", "/quan-tri/"]
)
def test_an_unknown_host_never_reaches_any_page(client, two_sites, path):
    response = client.get(path, HTTP_HOST="unknown.example")
    assert response.status_code == 404
    assert "Không tìm thấy cổng thông tin" in response.content.decode()


def test_a_host_is_matched_without_case_port_or_trailing_dot(client, two_sites):
    for host in ("LONGHUU.TEST", "longhuu.test:8000", "longhuu.test."):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert "Long Hữu" in response.content.decode()


def test_a_forwarded_host_is_ignored_unless_the_proxy_is_trusted(client, two_sites, settings):
    settings.USE_X_FORWARDED_HOST = False
    response = client.get("/", HTTP_HOST="testserver", HTTP_X_FORWARDED_HOST="longhuu.test")
    assert "Long Hữu" not in response.content.decode()
    assert "Duyên Hải" in response.content.decode()


def test_an_alias_serves_its_site(client, two_sites):
    _, other = two_sites
    SiteAlias.objects.create(site=other, host="bcd35.longhuu.test")
    response = client.get("/", HTTP_HOST="bcd35.longhuu.test")
    assert response.status_code == 200
    assert "Long Hữu" in response.content.decode()


def test_allowed_hosts_are_the_sites_names_not_a_wildcard(two_sites):
    _, other = two_sites
    hosts = list(settings.ALLOWED_HOSTS)
    assert "*" not in hosts
    assert "longhuu.test" in hosts
    SiteAlias.objects.create(site=other, host="moi.longhuu.test")
    assert "moi.longhuu.test" in list(settings.ALLOWED_HOSTS)
    assert "khac.example" not in list(settings.ALLOWED_HOSTS)


def test_healthz_answers_on_the_listed_hosts_and_not_on_an_unknown_one(client):
    assert client.get("/healthz", HTTP_HOST="127.0.0.1").status_code == 200
    assert client.get("/healthz", HTTP_HOST="10.0.0.5").status_code == 404


def test_a_merged_site_redirects_permanently_to_the_same_page_of_its_new_site(client, two_sites):
    first, other = two_sites
    committee = other.committee
    committee.status, committee.merged_into = Status.MERGED, first.committee
    committee.save()
    response = client.get("/tin-tuc/?trang=2", HTTP_HOST="longhuu.test")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/tin-tuc/?trang=2"
    home = client.get("/", HTTP_HOST="longhuu.test")
    assert home.status_code == 200
    assert "đã hợp nhất vào" in home.content.decode()


def test_an_archived_site_is_readable_and_says_so(client, two_sites):
    _, other = two_sites
    committee = other.committee
    committee.status = Status.ARCHIVED
    committee.save()
    response = client.get("/", HTTP_HOST="longhuu.test")
    assert response.status_code == 200
    assert "lưu trữ" in response.content.decode()


def test_a_child_site_links_up_to_its_parent_and_the_parent_lists_its_members(client, two_sites):
    first, other = two_sites
    committee = other.committee
    committee.parent = first.committee
    committee.save()
    with working_on(other):
        SiteSettings.objects.filter(site=other).update(
            contact_name="Trần Thị Hồng", contact_phone="0294 3866 035"
        )
    child = client.get("/", HTTP_HOST="longhuu.test").content.decode()
    assert 'href="http://testserver/"' in child
    directory = client.get("/cac-ban-chi-dao/")
    body = directory.content.decode()
    assert directory.status_code == 200
    assert "Ban Chỉ đạo 35 xã Long Hữu" in body and "http://longhuu.test/" in body
    assert "Trần Thị Hồng" in body and "0294 3866 035" in body
    assert client.get("/cac-ban-chi-dao/", HTTP_HOST="longhuu.test").status_code == 404


def test_the_directory_costs_the_same_queries_with_one_member_or_thirty(
    client, two_sites, django_assert_max_num_queries
):
    from tests.conftest import make_site

    first, other = two_sites
    committee = other.committee
    committee.parent = first.committee
    committee.save()
    client.get("/cac-ban-chi-dao/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/cac-ban-chi-dao/")
    for n in range(29):
        make_site(f"xa{n}.test", f"Ban Chỉ đạo 35 xã {n}", parent_id=1)
    client.get("/cac-ban-chi-dao/")
    with CaptureQueriesContext(connection) as thirty:
        response = client.get("/cac-ban-chi-dao/")
    assert response.content.decode().count('class="directory__item"') == 30
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_with_the_database_down_a_cold_process_answers_503_not_500(client, monkeypatch):
    from django.db import OperationalError

    from network import hosts

    def down(version):
        raise OperationalError("down")

    monkeypatch.setattr(hosts, "_memo", None)
    monkeypatch.setattr(hosts, "_build", down)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["database"] == "error"
    page = client.get("/tin-tuc/")
    assert page.status_code == 503 and page["Retry-After"] == str(settings.DATABASE_DOWN_RETRY_AFTER)


def test_django_pages_that_look_up_the_site_work_on_an_alias_after_the_site_cache_is_emptied(client):
    # The login page asks Django's sites framework for the current site by host name; an alias
    # is not a Site's domain, so the site middleware tells it. Site.objects.clear_cache()
    # replaces Django's cache dict: the middleware must write into the new one.
    Site.objects.clear_cache()
    assert client.get("/quan-tri/login/", HTTP_HOST="localhost:8000").status_code == 200
    Site.objects.clear_cache()
    assert client.get("/quan-tri/login/", HTTP_HOST="127.0.0.1").status_code == 200


def test_the_admin_says_which_site_one_works_on_and_links_to_ones_other_sites(two_sites):
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.conftest import give_role, login_staff

    first, other = two_sites
    user = User.objects.create_user("bientap-hai-cong", password="Mat-khau-rat-dai-2026!", is_staff=True)
    give_role(user, "Biên tập viên", site_id=1)
    give_role(user, "Biên tập viên", site_id=other.pk)
    client = login_staff(Client(), user)
    page = client.get("/quan-tri/").content.decode()
    assert "Đang làm việc trên cổng: <strong>Ban Chỉ đạo 35 huyện Duyên Hải</strong>" in page
    assert 'href="http://longhuu.test/quan-tri/"' in page
