"""What a new committee site starts with: the same sections every committee's portal has.

Secretaries and editors rename, re-order or add to all of it in the admin afterwards."""

import datetime

MENU = [
    ("Trang chủ", "/"),
    ("Giới thiệu", "/gioi-thieu/"),
    ("Tin tức – Sự kiện", "/tin-tuc/"),
    ("Ban Chỉ đạo", "/ban-chi-dao/"),
    ("Văn bản", "/van-ban/"),
    ("Hỏi đáp", "/hoi-dap/"),
    ("Liên hệ", "/lien-he/"),
]

CATEGORIES = [
    ("tin-hoat-dong", "Tin hoạt động", "Hoạt động của Ban Chỉ đạo và các bộ phận giúp việc."),
    ("chi-dao-dieu-hanh", "Chỉ đạo điều hành", "Kế hoạch, chỉ đạo, đôn đốc của Ban Chỉ đạo."),
    ("dau-tranh-phan-bac", "Đấu tranh phản bác", "Bài viết phản bác các quan điểm sai trái, thù địch."),
    ("tuyen-truyen", "Tuyên truyền", "Tuyên truyền, giáo dục chính trị tư tưởng."),
]

DOCUMENT_TYPES = [
    ("Kế hoạch", "KH"),
    ("Quy chế", "QC"),
    ("Quyết định", "QĐ"),
    ("Nghị quyết", "NQ"),
    ("Thông báo", "TB"),
    ("Báo cáo", "BC"),
    ("Hướng dẫn", "HD"),
    ("Công văn", "CV"),
]

FIELDS = [
    "Bảo vệ nền tảng tư tưởng của Đảng",
    "Thông tin trên không gian mạng",
    "Tuyên truyền, giáo dục chính trị",
]

# Hỏi đáp: the topics a citizen chooses from when asking.
QUESTION_TOPICS = [
    "Phòng, chống tham nhũng, tiêu cực",
    "Bảo vệ nền tảng tư tưởng của Đảng",
    "Tiếp công dân, phản ánh, kiến nghị",
    "Khác",
]

TERMS = [("Nhiệm kỳ 2025–2030", datetime.date(2025, 8, 1), None)]

# A rank orders people inside one unit (the committee's leaders first).
ROLES = [
    ("Trưởng ban", 10),
    ("Phó Trưởng ban Thường trực", 20),
    ("Phó Trưởng ban", 30),
    ("Tổ trưởng", 40),
    ("Tổ phó", 50),
    ("Thư ký", 60),
    ("Thành viên", 70),
    ("Thành viên Ban Biên tập", 80),
    ("Cộng tác viên", 90),
]


def pages(identity: dict) -> list[dict]:
    name = identity["full_name"]
    return [
        {
            "slug": "gioi-thieu",
            "title": "Giới thiệu",
            "summary": f"Chức năng, nhiệm vụ và tổ chức của {identity['short_name']}.",
            "body": f"<p>{name} (Ban Chỉ đạo 35) tham mưu, giúp cấp ủy lãnh đạo, chỉ đạo công tác bảo vệ "
            "nền tảng tư tưởng của Đảng theo Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.</p>"
            '<p>Xem <a href="/ban-chi-dao/">danh sách thành viên Ban Chỉ đạo</a>.</p>',
        },
        {
            "slug": "lien-he",
            "title": "Liên hệ",
            "summary": f"Địa chỉ, điện thoại và người đầu mối của {identity['short_name']}.",
            "body": "",
            "show_contact": True,
        },
        {
            "slug": "ban-do-hanh-chinh",
            "title": "Bản đồ hành chính",
            "summary": f"Bản đồ hành chính {identity.get('locality', '')}.".replace(" .", "."),
            "body": "",
            "show_map": True,
        },
    ]
