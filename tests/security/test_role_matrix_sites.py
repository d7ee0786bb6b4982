"""The role matrix across sites: a role counts on the site it was given for, nowhere else.

For every per-site model of the role table, an object of another committee's site is requested
through every admin URL (GET and POST) by each staff role of site 1, on site 1's host and on the
other site's own host: every request is refused (403 or 404) and the object is unchanged. The
platform administrator reaches it; the same role given on the other site works there as the table
says. Rendered into docs/role-matrix.md ("Giữa các cổng").
"""

import pytest
from django.apps import apps
from django.forms.models import model_to_dict

from network.current import working_on
from tests.conftest import give_role
from tests.security import role_table
from tests.security.test_role_matrix import _admin_urls, _client, make_object, outcome

pytestmark = pytest.mark.django_db

PER_SITE = sorted(
    label for label in role_table.MODELS if any(f.name == "site" for f in apps.get_model(label)._meta.fields)
)
STAFF = ("editor", "approver", "secretary")
OTHER_HOST = "longhuu.test"


@pytest.fixture
def users(editor_user, approver_user, secretary_user, superuser):
    return {
        "editor": editor_user,
        "approver": approver_user,
        "secretary": secretary_user,
        "superuser": superuser,
    }


def _snapshot(obj):
    model = type(obj)
    with working_on(obj.site):
        fresh = model._base_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


def test_every_per_site_model_of_the_table_is_checked_across_sites():
    assert {"news.Article", "documents.Document", "committee.Person", "pages.Page"} <= set(PER_SITE)


@pytest.mark.parametrize("label", PER_SITE)
@pytest.mark.parametrize("role", STAFF)
def test_staff_of_one_site_are_refused_every_admin_url_of_another_sites_object(
    role, label, users, other_site
):
    with working_on(other_site):
        obj = make_object(label, users)
    before = _snapshot(obj)
    client = _client(role, users)
    urls = _admin_urls(label, obj)
    found = []
    for host in ("testserver", OTHER_HOST):
        for action in ("change", "history", "delete"):
            for method in ("GET", "POST"):
                url = urls[action]
                if method == "GET":
                    response = client.get(url, HTTP_HOST=host)
                else:
                    response = client.post(url, {"post": "yes"}, HTTP_HOST=host)
                got = outcome(client, response, follow=False)
                if got not in ("denied", "absent"):
                    found.append(f"{role} {method} {action} on {host}: {got}")
    assert found == []
    assert _snapshot(obj) == before


@pytest.mark.parametrize(
    "label", ["news.Article", "documents.Document", "committee.Person", "pages.MenuItem"]
)
def test_the_platform_administrator_opens_any_sites_object(label, users, other_site):
    with working_on(other_site):
        obj = make_object(label, users)
    client = _client("superuser", users)
    assert outcome(client, client.get(_admin_urls(label, obj)["change"])) == "ok"


@pytest.mark.parametrize(
    "role,label",
    [("editor", "news.Article"), ("secretary", "documents.Document"), ("secretary", "committee.Person")],
)
def test_a_role_given_on_the_other_site_works_there_as_the_table_says(role, label, users, other_site):
    user = users[role]
    give_role(user, role_table.ROLE_LABELS[role], site_id=other_site.pk)
    with working_on(other_site):
        obj = make_object(label, users)
    client = _client(role, users)
    urls = _admin_urls(label, obj)
    assert outcome(client, client.get(urls["changelist"], HTTP_HOST=OTHER_HOST)) == "ok"
    assert outcome(client, client.get(urls["change"], HTTP_HOST=OTHER_HOST)) == "ok"
