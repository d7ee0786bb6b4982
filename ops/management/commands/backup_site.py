from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cổng: cơ sở dữ liệu (pg_dump hoặc SQLite backup API), thư mục media và "
        "thư mục tệp văn bản, vào một tệp .tar.gz có dấu thời gian kèm manifest SHA-256. "
        "Bỏ qua muối và dữ liệu hiện diện của khách truy cập."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Thư mục ghi tệp sao lưu (mặc định var/backups).",
        )

    def handle(self, *args, **options):
        try:
            result = create_backup(Path(options["output_dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu: {result.path} ({result.members} thành phần, {result.size:,} byte)."
            )
        )
