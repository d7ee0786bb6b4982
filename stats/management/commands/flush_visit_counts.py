import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stats.backends import BackendUnavailable
from stats.jobs import flush, flush_visits


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
        parser.add_argument(
            "--nen",
            action="store_true",
            dest="background",
            help="Xếp hàng cho tiến trình chạy nền (manage.py db_worker) thay vì chạy ngay.",
        )

    def handle(self, *args, days: int, background: bool = False, **options):
        if background:
            flush_visits.enqueue(days)
            self.stdout.write("Đã xếp hàng việc ghi số lượt.")
            return
        try:
            changed = flush(days)
        except BackendUnavailable as exc:
            raise CommandError(f"Không kết nối được Redis: {exc}") from exc
        if changed is None:
            self.stdout.write("Không dùng Redis (REDIS_URL trống): số lượt đã nằm trong cơ sở dữ liệu.")
            return
        first, last = (datetime.date.fromisoformat(changed[k]) for k in ("first", "last"))
        self.stdout.write(
            f"Đã ghi {changed['days']} ngày, {changed['hours']} giờ, {changed['objects']} số lượt xem/tải "
            f"({first:%d/%m/%Y}–{last:%d/%m/%Y})."
        )
