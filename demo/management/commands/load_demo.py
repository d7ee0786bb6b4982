"""Load the demo content of every app. Idempotent: running it twice changes nothing."""

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction

import demo.citizens
import demo.committee
import demo.documents
import demo.network
import demo.news
import demo.pages
import demo.questions
import demo.reports
import demo.stats
from network.api import working_on
from pages.models import SiteSettings

# Order matters: later areas link to what earlier ones created (documents → seed article,
# committee → decisions, signed documents and the seed article's mention of its chair).
AREAS = [
    demo.pages,
    demo.news,
    demo.documents,
    demo.committee,
    demo.questions,
    demo.reports,
    demo.stats,
    demo.citizens,
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tin bài, văn bản, thành viên, thống kê). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ nạp khi cơ sở dữ liệu chưa có thông tin cổng (dùng cho `make run`).",
        )

    def handle(self, *args, **options):
        # The demo committee is the install's first site, the one http://127.0.0.1:8000/ serves.
        with working_on(Site.objects.get(pk=1)):
            if options["if_empty"] and SiteSettings.objects.exists():
                self.stdout.write("Dữ liệu đã có; bỏ qua nạp dữ liệu mẫu.")
                return
            for area in AREAS:
                with transaction.atomic():
                    area.load(self.stdout)
        with transaction.atomic():
            demo.network.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
