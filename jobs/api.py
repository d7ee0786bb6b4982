"""Background jobs: work that must not hold up a request (photo renditions, text extraction,
search reindexing, e-mail notices, the visit counter's flush and prune).

Built on django-tasks (Django 6's tasks API, backported) with the database backend of
django-tasks-db: a job is a row in the database the portal already has, so there is no
broker to run, it works on SQLite and PostgreSQL, and a job enqueued inside a transaction is
committed or rolled back with it. `manage.py db_worker` runs the jobs (`make run` starts one
beside gunicorn; production runs deploy/systemd/bcd35-worker.service).

Two decorators, the only way an app declares a job:

- `site_job`: the job's first argument is the id of the committee site it works for; the worker
  runs it inside `network.current.working_on(site)`, so its queries see only that site's rows
  and its new rows belong to it, exactly as in a request to that site. A job never trusts the
  scope of whoever enqueued it: the site travels in the arguments.
- `platform_job`: work across every site (the visit counter's flush and prune); it runs inside
  `all_sites()`.

A failed job is retried (django-tasks retries nothing by itself): `_run_with_retry` below is the
one retry policy.
"""

import datetime
import functools
import logging

from django.conf import settings
from django.utils import timezone

try:  # Django 6 ships the tasks API; on Django 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from network.current import all_sites, working_on

logger = logging.getLogger("jobs")

__all__ = ["JobRefused", "site_job", "platform_job", "retry_delay", "job_label", "is_site_job"]


class JobRefused(Exception):
    """A job asked to do what its site may not (a file in another site's folder): it fails at
    once and is not retried."""


def retry_delay(attempt: int) -> datetime.timedelta:
    """The wait before attempt `attempt + 1`: JOBS_RETRY_BASE_SECONDS doubled after each failure
    (30 s, 60 s, 120 s… by default), at most an hour: a storage or mail server that is down
    for a minute is waited out, a job never waits longer than the hour."""
    seconds = settings.JOBS_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 3600))


def _run_with_retry(job, attempts: int, call, args: tuple, kwargs: dict, attempt: int):
    """Run `call()`; when it raises and attempts remain, enqueue the same job again with
    `attempt + 1`, to run after `retry_delay(attempt)`, then let the error through so this
    attempt is recorded as failed (with its traceback) in the admin's list of jobs. The last
    attempt's failure is final: nothing is enqueued, the row stays failed."""
    try:
        return call()
    except JobRefused:
        logger.error("job %s refused its arguments", job.name)
        raise
    except Exception:
        if attempt >= attempts:
            logger.error("job %s failed for good after %d attempts", job.name, attempt)
            raise
        retry = job
        if retry.get_backend().supports_defer:
            retry = job.using(run_after=timezone.now() + retry_delay(attempt))
        logger.warning("job %s failed (attempt %d of %d), retried later", job.name, attempt, attempts)
        retry.enqueue(*args, **{**kwargs, "attempt": attempt + 1})
        raise


def _declare(runner, label: str, per_site: bool, priority: int, queue_name: str):
    """The Task for `runner`, which remembers its Vietnamese label (the admin's list) and its
    own Task (to enqueue the retry)."""
    runner.job_label = label
    runner.per_site = per_site
    runner.job = task(priority=priority, queue_name=queue_name)(runner)
    return runner.job


def job_label(task_path: str) -> str:
    """The Vietnamese name of the job at `task_path` (its path if it is not one of ours)."""
    from django.utils.module_loading import import_string

    try:
        return getattr(import_string(task_path).func, "job_label", task_path)
    except (ImportError, AttributeError):
        return task_path


def is_site_job(task_path: str) -> bool:
    from django.utils.module_loading import import_string

    try:
        return bool(getattr(import_string(task_path).func, "per_site", False))
    except (ImportError, AttributeError):
        return False


def _default_attempts() -> int:
    return max(1, settings.JOBS_MAX_ATTEMPTS)


def site_job(label: str, *, attempts: int | None = None, priority: int = 0, queue_name: str = "default"):
    """Declare a job that works for one site: `func(site_id, *args, **kwargs)`.

    Enqueue it with `job.enqueue(site_id, …)`; arguments must be JSON (ids and names, never
    model instances). It runs with the scope of `site_id` only: a row of another site is out of
    its sight, as in a request to `site_id`'s host.
    """

    per_site = True

    def decorate(func):
        @functools.wraps(func)
        def runner(site_id: int, *args, attempt: int = 1, **kwargs):
            from django.contrib.sites.models import Site

            with all_sites():
                site = Site.objects.filter(pk=site_id).first()
            if site is None:  # the site was removed since: nothing left to do for it
                logger.warning("job %s: site %s no longer exists", func.__name__, site_id)
                return None

            def call():
                with working_on(site):
                    return func(site_id, *args, **kwargs)

            return _run_with_retry(
                runner.job, attempts or _default_attempts(), call, (site_id, *args), kwargs, attempt
            )

        return _declare(runner, label, per_site, priority, queue_name)

    return decorate


def platform_job(label: str, *, attempts: int | None = None, priority: int = 0, queue_name: str = "default"):
    """Declare a job over every site (platform maintenance): it runs inside `all_sites()`."""

    per_site = False

    def decorate(func):
        @functools.wraps(func)
        def runner(*args, attempt: int = 1, **kwargs):
            def call():
                with all_sites():
                    return func(*args, **kwargs)

            return _run_with_retry(runner.job, attempts or _default_attempts(), call, args, kwargs, attempt)

        return _declare(runner, label, per_site, priority, queue_name)

    return decorate
