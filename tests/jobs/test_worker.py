"""Background jobs through the real database backend and its worker (`db_worker --batch`):
what is queued, retried and shown to platform administrators."""

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from tests.jobs import sample
from tests.jobs.conftest import run_worker

pytestmark = pytest.mark.usefixtures("database_jobs")

LIST_URL = "/quan-tri/django_tasks_database/dbtaskresult/"


def rows():
    return list(DBTaskResult.objects.order_by("enqueued_at", "started_at"))


def test_a_job_waits_in_the_database_until_the_worker_runs_it():
    result = sample.flaky.enqueue(1, "key-wait")
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    assert cache.get("key-wait") is None  # nothing ran at enqueue time
    run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "FAILED"  # its first attempt fails
    assert [r.status for r in rows()] == ["FAILED", "SUCCESSFUL"]


def test_a_job_that_fails_once_succeeds_on_its_retry():
    sample.flaky.enqueue(1, "key-retry")
    run_worker()
    first, second = rows()
    assert first.status == "FAILED" and "máy chủ chưa sẵn sàng" in first.traceback
    assert second.status == "SUCCESSFUL" and second.args_kwargs["kwargs"] == {"attempt": 2}
    assert second.return_value == "xong cho cổng 1"  # ran in the scope of the site it was given


def test_a_job_that_keeps_failing_ends_failed_after_its_last_attempt():
    sample.broken.enqueue()
    run_worker()
    attempts = rows()
    assert [r.status for r in attempts] == ["FAILED"] * 3  # JOBS_MAX_ATTEMPTS
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in attempts] == [1, 2, 3]
    assert not DBTaskResult.objects.ready().exists()  # nothing left waiting: it is over


def test_a_retry_waits_longer_after_each_failure(settings):
    settings.JOBS_RETRY_BASE_SECONDS = 30
    sample.broken.enqueue()
    run_worker()  # the first attempt; the retry is due in 30 s, not now
    failed, waiting = rows()
    assert failed.status == "FAILED" and waiting.status == "READY"
    assert 25 <= (waiting.run_after - failed.finished_at).total_seconds() <= 31


def test_platform_administrators_see_failed_jobs_in_vietnamese(admin_client_):
    sample.broken.enqueue()
    run_worker()
    page = admin_client_.get(LIST_URL + "?status__exact=FAILED").content.decode()
    assert "Việc thử: luôn hỏng" in page
    assert "Thất bại" in page and "Lần thử" in page
    detail = admin_client_.get(LIST_URL + f"{rows()[-1].pk}/change/").content.decode()
    assert "RuntimeError: luôn hỏng" in detail and "chi tiết lỗi" in detail.lower()
    index = admin_client_.get("/quan-tri/").content.decode()
    assert "Công việc nền" in index


@pytest.mark.parametrize("persona", ["editor", "approver", "secretary"])
def test_site_staff_do_not_see_the_jobs(request, persona):
    client = request.getfixturevalue(persona)
    sample.broken.enqueue()
    assert client.get(LIST_URL).status_code == 403
    assert "Công việc nền" not in client.get("/quan-tri/").content.decode()
