import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from stats.backends.database import prune_before
from stats.models import ObjectDailyCount
from stats.utils import local_moment


class Command(BaseCommand):
    help = (
        "Xóa dữ liệu ngắn hạn của bộ đếm trên mọi cổng: muối và khóa khách quá 48 giờ, "
        "số lượt xem/tải theo ngày quá "
        "VISIT_OBJECT_DAYS_KEPT ngày. Chạy hằng ngày (cron); chạy lại không sao."
    )

    def handle(self, *args, **options):
        today, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)
        removed = prune_before(today - datetime.timedelta(days=1))
        keep_from = today - datetime.timedelta(days=settings.VISIT_OBJECT_DAYS_KEPT)
        objects, _ = ObjectDailyCount.every_site.filter(day__lt=keep_from).delete()  # every site
        self.stdout.write(
            f"Đã xóa {removed['salts']} muối, {removed['presence']} khóa khách, "
            f"{objects} dòng lượt xem/tải cũ."
        )
