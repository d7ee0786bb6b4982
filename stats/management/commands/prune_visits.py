from django.core.management.base import BaseCommand

from stats.jobs import prune, prune_visits


class Command(BaseCommand):
    help = (
        "Xóa dữ liệu ngắn hạn của bộ đếm trên mọi cổng: muối và khóa khách quá 48 giờ, "
        "số lượt xem/tải theo ngày quá "
        "VISIT_OBJECT_DAYS_KEPT ngày. Chạy hằng ngày (cron); chạy lại không sao."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nen",
            action="store_true",
            dest="background",
            help="Xếp hàng cho tiến trình chạy nền (manage.py db_worker) thay vì chạy ngay.",
        )

    def handle(self, *args, background: bool = False, **options):
        if background:
            prune_visits.enqueue()
            self.stdout.write("Đã xếp hàng việc xóa dữ liệu cũ của bộ đếm.")
            return
        removed = prune()
        self.stdout.write(
            f"Đã xóa {removed['salts']} muối, {removed['presence']} khóa khách, "
            f"{removed['objects']} dòng lượt xem/tải cũ."
        )
