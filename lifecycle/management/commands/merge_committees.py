"""manage.py merge_committees OLD NEW [--dry-run]: OLD's content moves into NEW."""

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError

from network.api import all_sites

from ...merge import MergeRefused, merge_committees


def site_by_host(host: str) -> Site:
    with all_sites():
        site = (
            Site.objects.filter(domain__iexact=host).first()
            or Site.objects.filter(aliases__host=host.lower()).first()
        )
    if site is None:
        raise CommandError(f"Không có cổng nào có tên miền “{host}”.")
    return site


class Command(BaseCommand):
    help = "Hợp nhất cổng OLD vào cổng NEW (theo tên miền): chuyển toàn bộ nội dung, địa chỉ cũ chuyển hướng."

    def add_arguments(self, parser):
        parser.add_argument("old", help="Tên miền của cổng được hợp nhất (sẽ ngừng cập nhật).")
        parser.add_argument("new", help="Tên miền của cổng nhận nội dung.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ cho biết những gì sẽ chuyển; không đổi gì."
        )

    def handle(self, *args, old: str, new: str, dry_run: bool, **options):
        old_site, new_site = site_by_host(old), site_by_host(new)
        try:
            report = merge_committees(old_site, new_site, dry_run=dry_run)
        except MergeRefused as exc:
            raise CommandError(str(exc)) from exc
        head = "Chạy thử (không có gì thay đổi)" if dry_run else "Đã hợp nhất"
        self.stdout.write(f"{head}: {old_site.name} → {new_site.name}")
        for line in report.lines():
            self.stdout.write(f"  {line}")
