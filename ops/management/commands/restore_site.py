from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Phục hồi cổng từ một tệp sao lưu của backup_site: kiểm tra manifest SHA-256 rồi ghi cơ sở "
        "dữ liệu, thư mục media và thư mục tệp văn bản. Chỉ ghi vào nơi trống, trừ khi có --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Đường dẫn tệp .tar.gz do backup_site tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu và các thư mục đang có dữ liệu (dữ liệu hiện có sẽ mất).",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(Path(options["archive"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã phục hồi cơ sở dữ liệu ({result.vendor}), {result.media_files} tệp media và "
                f"{result.document_files} tệp văn bản."
            )
        )
