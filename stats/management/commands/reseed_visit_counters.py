from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from network.api import all_sites
from stats.backends import BackendUnavailable, get_backend
from stats.counter import invalidate_numbers, recent_days
from stats.utils import local_moment


class Command(BaseCommand):
    help = (
        "Nạp lại số lượt của những ngày gần đây của mọi cổng từ cơ sở dữ liệu vào Redis: "
        "sau khi Redis mất dữ liệu, "
        "khi mới bật Redis, và mỗi lần triển khai. Chạy lại không cộng trùng."
    )

    def handle(self, *args, **options):
        backend = get_backend()
        if backend.name != "redis":
            self.stdout.write("Không dùng Redis (REDIS_URL trống): không có gì để nạp lại.")
            return
        today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
        days = recent_days(today)
        with all_sites():
            site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True))
        try:
            added = [backend.reseed(days, site_id) for site_id in site_ids]
        except BackendUnavailable as exc:
            raise CommandError(f"Không kết nối được Redis: {exc}") from exc
        invalidate_numbers(site_ids=site_ids)
        if any(added):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp số lượt từ {days[0]:%d/%m/%Y} đến {days[-1]:%d/%m/%Y} vào Redis (Redis chưa có) "
                    f"cho {sum(added)}/{len(site_ids)} cổng."
                )
            )
        else:
            self.stdout.write(
                "Redis đã có số lượt các ngày gần đây; chỉ nâng những số thấp hơn cơ sở dữ liệu."
            )
