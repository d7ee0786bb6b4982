"""The demo platform: the provincial committee of Vĩnh Long with two commune committees, at
*.localhost names (browsers and curl resolve them to this machine), above the demo committee
that `make run` serves at http://127.0.0.1:8000/. Each member site is made the way a platform
administrator makes one (lifecycle.create) and given a few stories of its own."""

import datetime
import html
import os

from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.utils import timezone

from lifecycle.create import NewCommittee, create_committee
from lifecycle.units import derived_identity, find_unit
from network.api import all_sites, working_on
from network.models import Committee
from news.models import Article, Category, Status
from pages.models import SiteSettings

from . import images

PROVINCE = ("86", "vinhlong.localhost")
COMMUNES = [("29518", "longhuu.vinhlong.localhost"), ("29602", "longho.vinhlong.localhost")]

CONTACTS = {
    "86": ("Nguyễn Văn Minh (dữ liệu mẫu)", "Phó Trưởng ban Tuyên giáo và Dân vận Tỉnh ủy", "0270 3822 035"),
    "29518": ("Trần Thị Hồng (dữ liệu mẫu)", "Phó Bí thư Thường trực Đảng ủy xã", "0294 3866 035"),
    "29602": ("Lê Văn Phúc (dữ liệu mẫu)", "Phó Bí thư Đảng ủy xã", "0270 3850 035"),
}

STORIES = {
    "86": [
        ("chi-dao-dieu-hanh", "Ban Chỉ đạo 35 tỉnh triển khai nhiệm vụ năm với các xã, phường", "hall", 1),
        ("tin-hoat-dong", "Tập huấn kỹ năng nhận diện thông tin xấu độc cho cán bộ cơ sở", "training", 4),
    ],
    "29518": [
        ("tin-hoat-dong", "Xã Long Hữu họp Ban Chỉ đạo 35 lần thứ nhất sau sắp xếp", "hall", 0),
        ("tuyen-truyen", "Đoàn viên xã Long Hữu lan tỏa thông tin tích cực trên mạng", "digital", 3),
        ("dau-tranh-phan-bac", "Phản bác luận điệu xuyên tạc về sắp xếp đơn vị hành chính", "field", 6),
    ],
    "29602": [
        ("tin-hoat-dong", "Xã Long Hồ kiện toàn Ban Chỉ đạo 35 nhiệm kỳ 2025–2030", "ceremony", 2),
        ("tuyen-truyen", "Long Hồ tổ chức hội nghị báo cáo viên cơ sở", "training", 5),
    ],
}


def _stories(code: str, now) -> int:
    categories = {c.slug: c for c in Category.objects.all()}
    made = 0
    for index, (category, title, scene, days_ago) in enumerate(STORIES[code]):
        when = timezone.localtime(now - datetime.timedelta(days=days_ago)).replace(hour=8 + index, minute=0)
        Article(
            title=title,
            summary=f"{title} (tin mẫu của cổng thành viên).",
            body=f"<p>{html.escape(title)}.</p><p>Nội dung mẫu dùng để trình diễn cổng thông tin nhiều Ban Chỉ đạo.</p>",
            category=categories[category],
            photo=ContentFile(
                images.scene(scene, seed=int(code) % 97 + index), name=f"tin-{code}-{index}.jpg"
            ),
            photo_alt=images.scene_alt(scene),
            photo_caption=images.scene_caption(scene),
            credit="Ảnh minh họa (dữ liệu mẫu)",
            status=Status.PUBLISHED,
            publish_at=when,
        ).save()
        made += 1
    return made


# Each member committee's leaders (sample data) and its first plan.
LEADERS = {
    "86": [("Nguyễn Văn Minh", "Trưởng ban"), ("Lê Thị Thu", "Phó Trưởng ban Thường trực")],
    "29518": [("Trần Thị Hồng", "Trưởng ban"), ("Thạch Văn Sang", "Phó Trưởng ban")],
    "29602": [("Lê Văn Phúc", "Trưởng ban"), ("Võ Thị Mai", "Phó Trưởng ban")],
}


def _organisation_and_plan(code: str, site: Site, now) -> None:
    from committee.models import Appointment, Person, Role, Unit
    from documents.models import Document, DocumentType, IssuingBody
    from stats.models import DailyVisits

    started = datetime.date(2025, 8, 1)
    unit = Unit.objects.create(name="Ban Chỉ đạo", slug="ban-chi-dao", kind=Unit.Kind.STEERING)
    for name, role in LEADERS[code]:
        person = Person.objects.create(full_name=f"{name} (dữ liệu mẫu)", main_position=role)
        Appointment.objects.create(
            person=person, unit=unit, role=Role.objects.get(name=role), start_date=started
        )
    Document.objects.create(
        doc_type=DocumentType.objects.get(name="Kế hoạch"),
        issuing_body=IssuingBody.objects.get(),
        number=1,
        title=f"Kế hoạch tuyên truyền bảo vệ nền tảng tư tưởng của Đảng năm 2026 ({site.name})",
        summary="Kế hoạch mẫu của cổng thành viên.",
        issue_date=datetime.date(2026, 1, 5),
        is_published=True,
    )
    today = timezone.localdate(now)
    DailyVisits.objects.bulk_create(
        DailyVisits(site=site, day=today - datetime.timedelta(days=d), visits=40 + (int(code) + d * 7) % 60)
        for d in range(1, 31)
    )


def _member(code: str, host: str, parent: Site | None) -> Site:
    unit = find_unit(code)
    site = create_committee(NewCommittee(host=host, unit_code=code, parent=parent, **derived_identity(unit)))
    name, position, phone = CONTACTS[code]
    with working_on(site):
        SiteSettings.objects.filter(site=site).update(
            contact_name=name, contact_position=position, contact_phone=phone, phone=phone
        )
    return site


def load(stdout) -> None:
    with all_sites():
        if Site.objects.filter(domain=PROVINCE[1]).exists():
            return
        now = timezone.now()
        province = _member(*PROVINCE, parent=None)
        first = Committee.objects.get(site_id=1)
        first.parent = province.committee
        first.save()
        sites = [(PROVINCE[0], province)] + [(code, _member(code, host, province)) for code, host in COMMUNES]
    for code, site in sites:
        with working_on(site):
            made = _stories(code, now)
            _organisation_and_plan(code, site, now)
        port = os.environ.get("PORT", "8000")
        stdout.write(f"  cổng thành viên: {site.name} tại http://{site.domain}:{port}/ ({made} tin bài)")
    stdout.write("Mạng lưới: 1 cổng cấp tỉnh, 2 cổng cấp xã, cổng mẫu trực thuộc tỉnh.")
