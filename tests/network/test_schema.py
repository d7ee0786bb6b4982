"""Every index of a per-site table leads with the site key, and every unique rule holds per site:
a table can then be partitioned or distributed by site (docs/platform.md, "Scale")."""

import pytest
from django.apps import apps
from django.db import connection, models

from network.models import SiteScopedModel

pytestmark = pytest.mark.django_db

PER_SITE = [m for m in apps.get_models() if issubclass(m, SiteScopedModel)]
# The search entry's key is the object's (kind, id), unique across the platform since ids are;
# the full-text (GIN) indexes index a document column. Partitioned by site, each partition keeps
# its own of both (docs/platform.md). The documents' newest-first index serves the list across a
# committee's network, the one public list that reads many sites at once; partitioned by site,
# each partition keeps its own and PostgreSQL merges their walks (Merge Append).
EXCEPTIONS = {"search_entry_unique_object", "doc_pub_network_issue_idx"}


def test_the_per_site_tables_are_the_content_tables():
    labels = {m._meta.label for m in PER_SITE}
    assert {"news.Article", "documents.Document", "committee.Appointment", "pages.MenuItem"} <= labels
    assert {"search.SearchEntry", "stats.DailyVisits", "documents.Attachment", "news.GalleryPhoto"} <= labels


@pytest.mark.parametrize("model", PER_SITE, ids=lambda m: m._meta.label)
def test_every_declared_index_and_unique_rule_leads_with_the_site(model):
    for index in model._meta.indexes:
        if index.fields and index.name not in EXCEPTIONS:  # (no fields: the full-text one)
            assert index.fields[0].lstrip("-") == "site", index.name
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.name not in EXCEPTIONS:
            assert constraint.fields[0] == "site", constraint.name
    for field in model._meta.fields:
        if field.name in ("slug", "old_slug"):
            assert any(
                isinstance(c, models.UniqueConstraint) and c.fields[0] == "site" and field.name in c.fields
                for c in model._meta.constraints
            ), f"{model._meta.label}.{field.name} is not unique per site"


@pytest.mark.parametrize("model", PER_SITE, ids=lambda m: m._meta.label)
def test_every_index_in_the_database_leads_with_the_site_or_serves_a_foreign_key(model):
    table = model._meta.db_table
    foreign = {f.column for f in model._meta.fields if f.is_relation}
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    found = []
    for name, info in constraints.items():
        columns = info["columns"] or []
        if info["primary_key"] or info.get("foreign_key") or info.get("check") or not columns:
            continue
        if not (info["index"] or info["unique"]) or name in EXCEPTIONS or info.get("type") == "gin":
            continue
        if columns[0] == "site_id" or (len(columns) == 1 and columns[0] in foreign):
            continue
        found.append((name, columns))
    assert found == []
