import datetime

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from network.api import all_sites
from stats.backends import BackendUnavailable, get_backend
from stats.counter import invalidate_numbers
from stats.utils import day_range, local_moment


class Command(BaseCommand):
    help = (
        "Ghi số lượt đang đếm trong Redis (theo ngày, giờ, bài viết, văn bản) của mọi cổng "
        "vào cơ sở dữ liệu. "
        "Chạy mỗi phút (cron). Lấy giá trị lớn hơn nên chạy lại không cộng trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.VISIT_REDIS_RECENT_DAYS,
            help="Số ngày gần nhất cần ghi (mặc định %(default)s; Redis giữ tối đa 35 ngày).",
        )

    def handle(self, *args, days: int, **options):
        backend = get_backend()
        if backend.name != "redis":
            self.stdout.write("Không dùng Redis (REDIS_URL trống): số lượt đã nằm trong cơ sở dữ liệu.")
            return
        today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
        window = day_range(today - datetime.timedelta(days=min(max(days, 1), 35) - 1), today)
        try:
            changed = backend.flush(window)
        except BackendUnavailable as exc:
            raise CommandError(f"Không kết nối được Redis: {exc}") from exc
        with all_sites():
            invalidate_numbers(site_ids=list(Site.objects.values_list("pk", flat=True)))
        self.stdout.write(
            f"Đã ghi {changed['days']} ngày, {changed['hours']} giờ, {changed['objects']} số lượt xem/tải "
            f"({window[0]:%d/%m/%Y}–{window[-1]:%d/%m/%Y})."
        )
