import datetime

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.vietnamese import number as vn_number
from stats.counter import invalidate_numbers
from stats.models import CounterBaseline, DailyVisits


def _date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r} (dùng YYYY-MM-DD hoặc dd/mm/YYYY).")


class Command(BaseCommand):
    help = (
        "Đặt số lượt truy cập chuyển từ cổng cũ (“Tất cả” = số này + mọi ngày đếm trên cổng mới). "
        "Chạy lại với cùng giá trị không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("visits", type=int, help="Con số “Tất cả” cuối cùng của cổng cũ, ví dụ 3782582.")
        parser.add_argument(
            "--as-of", required=True, type=_date, help="Ngày cuối cùng cổng cũ còn đếm (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--cong",
            type=int,
            default=1,
            dest="site_id",
            help="Mã cổng (mặc định 1, cổng của đơn vị cài đặt).",
        )

    def handle(self, *args, visits: int, as_of: datetime.date, site_id: int = 1, **options):
        if visits < 0:
            raise CommandError("Số lượt phải là số không âm.")
        if not Site.objects.filter(pk=site_id).exists():
            raise CommandError(f"Không có cổng mã {site_id}.")
        with transaction.atomic():
            current = CounterBaseline.every_site.select_for_update().filter(site_id=site_id).first()
            if current and current.visits == visits and current.as_of == as_of:
                self.stdout.write(f"Không đổi: {vn_number(visits)} lượt, tính đến {as_of:%d/%m/%Y}.")
                return
            CounterBaseline.every_site.update_or_create(
                site_id=site_id, defaults={"visits": visits, "as_of": as_of}
            )
        invalidate_numbers(site_ids=[site_id])
        self.stdout.write(
            self.style.SUCCESS(f"Đã đặt số lượt của cổng cũ: {vn_number(visits)}, tính đến {as_of:%d/%m/%Y}.")
        )
        overlap = DailyVisits.every_site.filter(site_id=site_id, day__lte=as_of, visits__gt=0).count()
        if overlap:
            self.stdout.write(
                self.style.WARNING(
                    f"Lưu ý: cổng mới đã đếm {overlap} ngày đến hết {as_of:%d/%m/%Y}; "
                    "các ngày này vẫn cộng vào “Tất cả”. "
                    "Nếu con số của cổng cũ đã gồm các ngày đó, hãy trừ bớt."
                )
            )
