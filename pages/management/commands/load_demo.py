"""Load the demo content of every app. Idempotent: running it twice changes nothing."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later apps link to what earlier ones created (documents → seed article,
# committee → decisions and mentions).
DEMO_MODULES = ["pages.demo", "news.demo", "documents.demo", "committee.demo", "stats.demo"]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tin bài, văn bản, thành viên, thống kê). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ nạp khi cơ sở dữ liệu chưa có thông tin cổng (dùng cho `make run`).",
        )

    def handle(self, *args, **options):
        from pages.models import SiteSettings

        if options["if_empty"] and SiteSettings.objects.exists():
            self.stdout.write("Dữ liệu đã có; bỏ qua nạp dữ liệu mẫu.")
            return
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
