from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.sessions import end_sessions
from accounts.two_factor import devices


class Command(BaseCommand):
    help = (
        "Đặt lại xác thực hai bước của một tài khoản (mất điện thoại, hết mã dự phòng): ứng dụng và mã "
        "dự phòng cũ hết hiệu lực, các phiên đăng nhập kết thúc; lần đăng nhập tới sẽ cài lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập.")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        devices.reset([user.pk])
        end_sessions([user.pk])
        self.stdout.write(f"Đã đặt lại xác thực hai bước cho “{username}”.")
