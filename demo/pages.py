"""Demo identity, static pages and links (the district of the seed article)."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from pages.models import Level, MenuItem, Page, SiteSettings, WebLink

from .committee import CONTACT_NAME, CONTACT_POSITION, STANDING_BODY

IDENTITY = {
    "full_name": "Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm "
    "sai trái, thù địch huyện Duyên Hải",
    "short_name": "Ban Chỉ đạo 35 huyện Duyên Hải",
    "level": Level.DISTRICT,
    "locality": "Duyên Hải",
    "parent_body": "Huyện ủy Duyên Hải",
    "address": "Khóm 1, thị trấn Long Thành, huyện Duyên Hải (dữ liệu mẫu)",
    "phone": "0294 3832 000",
    "email": "bcd35@duyenhai.example.vn",
    "contact_name": CONTACT_NAME,
    "contact_position": CONTACT_POSITION,
    "contact_unit": f"{STANDING_BODY} Huyện ủy Duyên Hải",
    "contact_phone": "0294 3832 001",
    "contact_email": "tuyengiao@duyenhai.example.vn",
    "footer_text": "Ghi rõ nguồn “Cổng thông tin Ban Chỉ đạo 35 huyện Duyên Hải” khi phát hành lại "
    "thông tin từ cổng này. Nội dung mẫu dùng để trình diễn.",
}

MENU = [
    ("Trang chủ", "/"),
    ("Giới thiệu", "/gioi-thieu/"),
    ("Tin tức – Sự kiện", "/tin-tuc/"),
    ("Ban Chỉ đạo", "/ban-chi-dao/"),
    ("Văn bản", "/van-ban/"),
    ("Hỏi đáp", "/hoi-dap/"),
    ("Liên hệ", "/lien-he/"),
]

LINKS = [
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Tạp chí Cộng sản", "https://www.tapchicongsan.org.vn/"),
    ("Cổng thông tin điện tử tỉnh Vĩnh Long", "https://vinhlong.gov.vn/"),
]

PAGES = [
    {
        "slug": "gioi-thieu",
        "language": Page.Language.VI,
        "title": "Giới thiệu",
        "summary": "Chức năng, nhiệm vụ và cơ cấu tổ chức của Ban Chỉ đạo 35.",
        "body": "<p>Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
        "thù địch (Ban Chỉ đạo 35) được thành lập để triển khai Nghị quyết số 35-NQ/TW ngày 22/10/2018 "
        "của Bộ Chính trị.</p><h2>Chức năng</h2><p>Tham mưu, giúp Ban Chấp hành, Ban Thường vụ cấp ủy "
        "lãnh đạo, chỉ đạo, phối hợp thực hiện nhiệm vụ bảo vệ nền tảng tư tưởng của Đảng.</p>"
        "<h2>Cơ cấu tổ chức</h2><ul><li>Trưởng ban, các Phó Trưởng ban và các thành viên;</li>"
        "<li>Cơ quan thường trực: Ban Tuyên giáo và Dân vận;</li><li>Tổ giúp việc, Ban Biên tập trang "
        'fanpage và nhóm cộng tác viên.</li></ul><p>Xem <a href="/ban-chi-dao/">danh sách thành viên '
        "Ban Chỉ đạo</a>.</p>",
    },
    {
        "slug": "lien-he",
        "language": Page.Language.VI,
        "title": "Liên hệ",
        "summary": "Địa chỉ, điện thoại, thư điện tử và người đầu mối.",
        "body": "<p>Mọi ý kiến, thông tin xin gửi về địa chỉ dưới đây.</p>",
        "show_contact": True,
    },
    {
        "slug": "ban-do-hanh-chinh",
        "language": Page.Language.VI,
        "title": "Bản đồ hành chính",
        "summary": "Bản đồ địa giới hành chính đến cấp xã.",
        "body": "<p>Bản đồ địa giới hành chính đến cấp xã (hình minh họa mẫu).</p>",
        "show_map": True,
    },
    {
        "slug": "about",
        "language": Page.Language.EN,
        "title": "About us and contact",
        "summary": "The Steering Committee 35: functions, organisation and contacts.",
        "body": "<p>The Steering Committee for protecting the ideological foundation of the Party and "
        "countering erroneous and hostile views (Steering Committee 35) implements Resolution "
        "35-NQ/TW of 22 October 2018 of the Politburo.</p><h2>Organisation</h2><p>The committee "
        "is chaired by the Standing Deputy Secretary of the Party Committee; its standing body is "
        "the Board of Propaganda and Mass Mobilisation, supported by a secretariat and a group of "
        "collaborators.</p>",
        "show_contact": True,
    },
]


def _map_image() -> ContentFile:
    img = Image.new("RGB", (800, 600), (232, 240, 226))
    draw = ImageDraw.Draw(img)
    draw.polygon(
        [(120, 80), (620, 60), (720, 320), (560, 540), (180, 520), (80, 300)],
        fill=(204, 226, 190),
        outline=(120, 60, 60),
        width=4,
    )
    for line in ([(300, 70), (340, 530)], [(90, 300), (700, 330)], [(520, 65), (560, 530)]):
        draw.line(line, fill=(150, 90, 90), width=2)
    draw.rectangle([(0, 520), (800, 600)], fill=(170, 210, 235))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return ContentFile(buf.getvalue(), name="ban-do-hanh-chinh.png")


def load(stdout) -> None:
    site = SiteSettings.objects.first() or SiteSettings(site_id=1)
    for field, value in IDENTITY.items():
        setattr(site, field, value)
    if not site.admin_map:
        site.admin_map.save("ban-do-hanh-chinh.png", _map_image(), save=False)
    site.save()
    for order, (title, url) in enumerate(MENU):
        MenuItem.objects.update_or_create(url=url, defaults={"title": title, "order": order})
    for order, (title, url) in enumerate(LINKS):
        WebLink.objects.update_or_create(url=url, defaults={"title": title, "order": order})
    for spec in PAGES:
        spec = dict(spec)
        Page.objects.update_or_create(slug=spec.pop("slug"), language=spec.pop("language"), defaults=spec)
    stdout.write("  trang: thông tin cổng, menu, liên kết, 4 trang tĩnh")
