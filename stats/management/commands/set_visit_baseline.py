import datetime

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

    def handle(self, *args, visits: int, as_of: datetime.date, **options):
        if visits < 0:
            raise CommandError("Số lượt phải là số không âm.")
        with transaction.atomic():
            current = CounterBaseline.objects.select_for_update().filter(pk=1).first()
            if current and current.visits == visits and current.as_of == as_of:
                self.stdout.write(f"Không đổi: {vn_number(visits)} lượt, tính đến {as_of:%d/%m/%Y}.")
                return
            CounterBaseline.objects.update_or_create(pk=1, defaults={"visits": visits, "as_of": as_of})
        invalidate_numbers()
        self.stdout.write(
            self.style.SUCCESS(f"Đã đặt số lượt của cổng cũ: {vn_number(visits)}, tính đến {as_of:%d/%m/%Y}.")
        )
        overlap = DailyVisits.objects.filter(day__lte=as_of, visits__gt=0).count()
        if overlap:
            self.stdout.write(
                self.style.WARNING(
                    f"Lưu ý: cổng mới đã đếm {overlap} ngày đến hết {as_of:%d/%m/%Y}; "
                    "các ngày này vẫn cộng vào “Tất cả”. "
                    "Nếu con số của cổng cũ đã gồm các ngày đó, hãy trừ bớt."
                )
            )
