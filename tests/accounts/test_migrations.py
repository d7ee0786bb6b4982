"""The session model moved from the ops app to accounts: an upgraded database keeps its sessions,
and whoever was signed in stays signed in."""

import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import UserSession
from accounts.sessions import SessionStore, end_sessions

BEFORE_THE_MOVE = [("ops", "0001_user_session")]


def _migrate(targets=None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_session_of_the_old_schema_still_signs_its_user_in_after_the_upgrade(django_user_model):
    old = _migrate(BEFORE_THE_MOVE)
    try:
        OldSession = old.loader.project_state(BEFORE_THE_MOVE).apps.get_model("ops", "UserSession")
        assert OldSession._meta.db_table == "ops_usersession"
        user = django_user_model.objects.create_user("bientap-cu", password="Mat-khau-rat-dai-2026!")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "network.backends.SiteRoleBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        OldSession.objects.create(
            session_key="phien0cu0truoc0khi0chuyen0app0000",
            session_data=SessionStore().encode(data),
            expire_date=timezone.now() + datetime.timedelta(hours=1),
            user_id=user.pk,
        )
    finally:
        _migrate()

    assert UserSession._meta.db_table == "accounts_usersession"
    row = UserSession.objects.get(session_key="phien0cu0truoc0khi0chuyen0app0000")
    assert row.user == user
    assert row.get_decoded()[SESSION_KEY] == str(user.pk)

    request = RequestFactory().get("/")
    request.session = SessionStore("phien0cu0truoc0khi0chuyen0app0000")
    assert get_user(request) == user
    assert end_sessions([user.pk]) == 1


@pytest.mark.django_db(transaction=True)
def test_going_back_before_the_move_keeps_the_sessions_too(django_user_model):
    user = django_user_model.objects.create_user("bientap-moi", password="Mat-khau-rat-dai-2026!")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    try:
        old = _migrate(BEFORE_THE_MOVE)
        OldSession = old.loader.project_state(BEFORE_THE_MOVE).apps.get_model("ops", "UserSession")
        assert OldSession.objects.get(session_key=store.session_key).user_id == user.pk
    finally:
        _migrate()
    assert UserSession.objects.get(session_key=store.session_key).user == user
