"""manage.py delete_committee HOST: removes an empty site; a site with content is refused."""

from django.core.management.base import BaseCommand, CommandError

from ...archive import DeleteRefused, delete_site
from .merge_committees import site_by_host


class Command(BaseCommand):
    help = "Xóa một cổng chưa có nội dung (cổng còn nội dung thì lưu trữ hoặc hợp nhất)."

    def add_arguments(self, parser):
        parser.add_argument("host")

    def handle(self, *args, host: str, **options):
        site = site_by_host(host)
        name = site.name
        try:
            delete_site(site)
        except DeleteRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã xóa cổng {name}.")
