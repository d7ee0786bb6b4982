"""manage.py archive_committee HOST [--undo]: the site stays readable and becomes read-only."""

from django.core.management.base import BaseCommand

from ...archive import archive, reactivate
from .merge_committees import site_by_host


class Command(BaseCommand):
    help = "Lưu trữ cổng (giữ nguyên để tra cứu, không sửa được nữa); --undo để hoạt động lại."

    def add_arguments(self, parser):
        parser.add_argument("host")
        parser.add_argument("--undo", action="store_true")

    def handle(self, *args, host: str, undo: bool, **options):
        site = site_by_host(host)
        (reactivate if undo else archive)(site)
        self.stdout.write(f"{site.name}: {'hoạt động lại' if undo else 'đã lưu trữ (chỉ đọc)'}.")
