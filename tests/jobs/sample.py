"""Jobs for the tests of the job machinery itself: one that fails the first time, one that
always fails, one that reports what it can see of its site."""

from django.core.cache import cache

from jobs.api import platform_job, site_job
from network.api import current_site_id


@site_job("Việc thử: hỏng lần đầu")
def flaky(site_id: int, key: str) -> str:
    if cache.add(key, 1):  # the first attempt only
        raise ConnectionError("máy chủ chưa sẵn sàng")
    return f"xong cho cổng {current_site_id()}"


@platform_job("Việc thử: luôn hỏng")
def broken() -> None:
    raise RuntimeError("luôn hỏng")
