"""manage.py create_committee --unit 29518: a working committee site in one step.

The unit (a province, or a commune, ward or special zone, by its official code since 1 July
2025) gives the names, the level, the parent site (the province's committee, if it is on the
platform) and the suggested address (tenxa.tentinh.gov.vn); every one can be overridden.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from network.api import all_sites
from network.models import Committee

from ...create import NewCommittee, create_committee
from ...units import derived_identity, find_unit, suggested_host

ROLE_OPTIONS = {"editor": "Biên tập viên", "approver": "Duyệt bài", "secretary": "Thư ký"}


def _date(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(f"Ngày “{value}” không đúng dạng ngày/tháng/năm, ví dụ 30/06/2025.") from None


class Command(BaseCommand):
    help = "Tạo cổng cho một Ban Chỉ đạo 35 (tỉnh, xã, phường, đặc khu) từ mã đơn vị hành chính."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị hành chính chính thức (ví dụ 29518 cho xã Long Hữu).")
        parser.add_argument("--host", help="Tên miền chính; mặc định tenxa.tentinh.gov.vn.")
        parser.add_argument("--alias", action="append", default=[], help="Tên miền phụ (lặp lại được).")
        parser.add_argument(
            "--parent", help="Tên miền của cổng cấp trên; mặc định cổng của tỉnh chứa đơn vị."
        )
        parser.add_argument("--short-name")
        parser.add_argument("--full-name")
        parser.add_argument("--level")
        parser.add_argument("--locality")
        parser.add_argument("--parent-body")
        parser.add_argument("--carried-visits", type=int, default=0, help="Số lượt truy cập của cổng cũ.")
        parser.add_argument("--carried-as-of", type=_date, help="Ngày cuối cổng cũ còn đếm (dd/mm/yyyy).")
        for option, group in ROLE_OPTIONS.items():
            parser.add_argument(f"--{option}", action="append", default=[], help=f"Tài khoản làm {group}.")

    def handle(self, *args, **options):
        unit = None
        if options["unit"]:
            unit = find_unit(options["unit"])
            if unit is None:
                raise CommandError(
                    f"Không có đơn vị hành chính mã {options['unit']} trong danh mục từ 1/7/2025."
                )
        identity = derived_identity(unit) if unit else {}
        for key in ("short_name", "full_name", "level", "locality", "parent_body"):
            if options[key]:
                identity[key] = options[key]
        if not identity.get("short_name"):
            raise CommandError("Cần --unit (mã đơn vị hành chính) hoặc --short-name.")
        identity.setdefault("full_name", identity["short_name"])
        host = options["host"] or (suggested_host(unit) if unit else None)
        if not host:
            raise CommandError("Cần --host (tên miền của cổng).")
        with all_sites():
            parent = self._parent(options["parent"], unit)
            User = get_user_model()
            staff = []
            for option, group in ROLE_OPTIONS.items():
                for username in options[option]:
                    try:
                        staff.append((User.objects.get(username=username), group))
                    except User.DoesNotExist:
                        raise CommandError(f"Không có tài khoản “{username}”.") from None
            spec = NewCommittee(
                host=host,
                aliases=options["alias"],
                parent=parent,
                unit_code=unit.code if unit else "",
                carried_visits=options["carried_visits"],
                carried_as_of=options["carried_as_of"],
                staff=staff,
                **identity,
            )
            try:
                site = create_committee(spec)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        above = f", trực thuộc {parent.name}" if parent else ""
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo cổng {site.name} tại {site.domain} (số {site.pk}){above}.")
        )

    def _parent(self, host, unit):
        if host:
            site = Site.objects.filter(domain__iexact=host).first()
            if site is None:
                raise CommandError(f"Không có cổng nào có tên miền “{host}”.")
            return site
        if unit is not None and not unit.is_province:
            committee = Committee.objects.filter(unit_code=unit.province_code).select_related("site").first()
            return committee.site if committee else None
        return None
