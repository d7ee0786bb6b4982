"""Blank the contact details of citizen cases closed longer ago than the retention period."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from civic.privacy import purgers, retention_days
from network.api import all_sites


class Command(BaseCommand):
    help = (
        "Xoá thông tin liên hệ của công dân trong các hồ sơ đã đóng quá "
        "CIVIC_CONTACT_RETENTION_DAYS ngày (mỗi tính năng đăng ký hàm xoá của mình)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Ghi đè số ngày lưu giữ.")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else retention_days()
        closed_before = timezone.now() - timedelta(days=days)
        total = 0
        with all_sites():
            for name, purger in purgers().items():
                count = purger(closed_before)
                total += count
                self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Đã xoá thông tin liên hệ của {total} hồ sơ."))
