from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stats.backends import BackendUnavailable, get_backend
from stats.counter import invalidate_numbers, recent_days
from stats.utils import local_moment


class Command(BaseCommand):
    help = (
        "Nạp lại số lượt của những ngày gần đây từ cơ sở dữ liệu vào Redis: sau khi Redis mất dữ liệu, "
        "khi mới bật Redis, và mỗi lần triển khai. Chạy lại không cộng trùng."
    )

    def handle(self, *args, **options):
        backend = get_backend()
        if backend.name != "redis":
            self.stdout.write("Không dùng Redis (REDIS_URL trống): không có gì để nạp lại.")
            return
        today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
        days = recent_days(today)
        try:
            added = backend.reseed(days)
        except BackendUnavailable as exc:
            raise CommandError(f"Không kết nối được Redis: {exc}") from exc
        invalidate_numbers()
        if added:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp số lượt từ {days[0]:%d/%m/%Y} đến {days[-1]:%d/%m/%Y} vào Redis (Redis chưa có)."
                )
            )
        else:
            self.stdout.write(
                "Redis đã có số lượt các ngày gần đây; chỉ nâng những số thấp hơn cơ sở dữ liệu."
            )
