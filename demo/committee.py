"""Demo committee around the seed article's chair, with one past kiện toàn (2023).

Only Đồng chí Phan Văn Nhặn (Phó Bí thư Thường trực Huyện ủy, Trưởng Ban Chỉ đạo 35) comes
from the seed article. Every other name is generated and marked "(dữ liệu mẫu)" in the main
position and the biography; every portrait is drawn here with Pillow (nothing downloaded).
Idempotent: rows are looked up by slug or natural key, and the kiện toàn is applied once.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from committee.models import Appointment, Person, Reorganisation, Role, Unit
from documents.models import Document
from news.models import Article

from .images import jpeg_bytes
from .news import SEED_PERSON, SEED_SLUG

DEMO = "(dữ liệu mẫu)"
DEMO_BIOGRAPHY = (
    "<p>Thông tin mẫu để trình diễn cổng thông tin: họ tên, chức vụ và ảnh được tạo tự động, "
    "không phải người thật.</p>"
)
FOUNDED = datetime.date(2020, 8, 10)
FOUNDING_DECISION = "Quyết định số 245-QĐ/HU ngày 10/8/2020 của Ban Thường vụ Huyện ủy " + DEMO
REORGANISED = datetime.date(2023, 7, 14)
REORGANISATION_DECISION = "Quyết định số 1024-QĐ/HU ngày 14/7/2023 của Ban Thường vụ Huyện ủy " + DEMO

FUNCTIONS_AND_TASKS = (
    "<p>Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
    "thù địch (Ban Chỉ đạo 35) được thành lập để triển khai Nghị quyết số 35-NQ/TW ngày 22/10/2018 "
    "của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan "
    "điểm sai trái, thù địch trong tình hình mới.</p>"
    "<h3>Chức năng</h3>"
    "<p>Tham mưu, giúp Ban Chấp hành, Ban Thường vụ và Thường trực Huyện ủy lãnh đạo, chỉ đạo, phối "
    "hợp thực hiện công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
    "trái, thù địch.</p>"
    "<h3>Nhiệm vụ</h3>"
    "<ul>"
    "<li>Nghiên cứu, đề xuất chủ trương, giải pháp bảo vệ nền tảng tư tưởng của Đảng phù hợp với tình "
    "hình địa phương.</li>"
    "<li>Chỉ đạo, định hướng công tác tuyên truyền, đấu tranh phản bác thông tin sai lệch, xấu, độc, "
    "nhất là trên không gian mạng và mạng xã hội.</li>"
    "<li>Chỉ đạo xây dựng, quản lý lực lượng nòng cốt: báo cáo viên, cộng tác viên dư luận xã hội, "
    "tuyên truyền viên cơ sở, Ban Biên tập trang fanpage và nhóm cộng tác viên.</li>"
    "<li>Kiểm tra, đôn đốc các cơ quan, đơn vị thực hiện; định kỳ sơ kết, tổng kết và báo cáo cấp ủy, "
    "Ban Chỉ đạo cấp trên.</li>"
    "</ul>"
    "<p><em>Danh sách thành viên trên trang này là dữ liệu mẫu để trình diễn: ngoài đồng chí Trưởng "
    "ban được nêu trong tin bài ngày 12/03/2021, họ tên, chức vụ và ảnh đều được tạo tự động.</em></p>"
)

UNITS = [
    # slug, name, kind, parent slug, order, description
    ("ban-chi-dao", "Ban Chỉ đạo", Unit.Kind.STEERING, None, 0, FUNCTIONS_AND_TASKS),
    (
        "co-quan-thuong-truc",
        "Cơ quan thường trực (Ban Tuyên giáo và Dân vận Huyện ủy)",
        Unit.Kind.STANDING,
        "ban-chi-dao",
        1,
        "<p>Tham mưu xây dựng quy chế, kế hoạch hoạt động, thông báo phân công nhiệm vụ thành viên; "
        "theo dõi, tổng hợp tình hình và chuẩn bị nội dung các hội nghị của Ban Chỉ đạo.</p>",
    ),
    (
        "to-giup-viec",
        "Tổ giúp việc",
        Unit.Kind.SECRETARIAT,
        "ban-chi-dao",
        2,
        "<p>Giúp Ban Chỉ đạo nắm tình hình dư luận xã hội, phát hiện thông tin xấu, độc; đề xuất biện "
        "pháp xử lý và chuẩn bị tài liệu phục vụ Ban Chỉ đạo.</p>",
    ),
    (
        "ban-bien-tap-fanpage",
        "Ban Biên tập trang fanpage",
        Unit.Kind.FANPAGE,
        "ban-chi-dao",
        3,
        "<p>Quản trị, biên tập nội dung trang fanpage của Ban Chỉ đạo theo Quy chế hoạt động của Ban "
        "Biên tập.</p>",
    ),
    (
        "cong-tac-vien",
        "Nhóm cộng tác viên",
        Unit.Kind.COLLABORATORS,
        "ban-chi-dao",
        4,
        "<p>Chia sẻ thông tin tích cực, phản bác quan điểm sai trái trên mạng xã hội theo Quy chế "
        "hoạt động của Cộng tác viên Ban Chỉ đạo.</p>",
    ),
]

# key: (full name, main position); only the first one is not generated.
PEOPLE = {
    "nhan": (SEED_PERSON, "Phó Bí thư Thường trực Huyện ủy"),
    "ha": ("Trần Thị Thu Hà", "Trưởng Ban Tuyên giáo và Dân vận Huyện ủy"),
    "phuc": ("Lê Hoàng Phúc", "Nguyên Phó Chủ tịch Ủy ban nhân dân huyện"),
    "hieu": ("Võ Minh Hiếu", "Phó Chủ tịch Ủy ban nhân dân huyện"),
    "phanh": ("Thạch Sô Phanh", "Trưởng Công an huyện"),
    "duc": ("Nguyễn Văn Đức", "Trưởng Ban Tổ chức Huyện ủy"),
    "tung": ("Võ Thanh Tùng", "Chủ nhiệm Ủy ban Kiểm tra Huyện ủy"),
    "linh": ("Huỳnh Thị Mỹ Linh", "Chánh Văn phòng Huyện ủy"),
    "ray": ("Kim Sa Rây", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),
    "bao": ("Đặng Quốc Bảo", "Chỉ huy trưởng Ban Chỉ huy Quân sự huyện"),
    "han": ("Lâm Thị Ngọc Hân", "Trưởng phòng Văn hóa, Khoa học và Thông tin huyện"),
    "tri": ("Dương Minh Trí", "Chủ tịch Liên đoàn Lao động huyện"),
    "oanh": ("Phạm Thị Kiều Oanh", "Nguyên Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
    "nhien": ("Lê Thị Hồng Nhiên", "Chủ tịch Hội Liên hiệp Phụ nữ huyện"),
    "sang": ("Bùi Thanh Sang", "Nguyên Bí thư Huyện Đoàn"),
    "luc": ("Huỳnh Tấn Lực", "Bí thư Huyện Đoàn"),
    "loi": ("Hồ Văn Lợi", "Chủ tịch Hội Nông dân huyện"),
    "hung": ("Trần Văn Hùng", "Chủ tịch Hội Cựu chiến binh huyện"),
    "tu": ("Đỗ Thị Cẩm Tú", "Trưởng phòng Giáo dục và Đào tạo huyện"),
    "mau": ("Nguyễn Thị Mẫu", "Phó Trưởng Ban Tuyên giáo và Dân vận Huyện ủy"),
    "khanh": ("Lý Văn Khánh", "Phó Trưởng phòng Văn hóa, Khoa học và Thông tin huyện"),
    "ngoc": ("Châu Thị Bích Ngọc", "Chuyên viên Ban Tuyên giáo và Dân vận Huyện ủy"),
    "danh": ("Trịnh Công Danh", "Đội trưởng Đội An ninh, Công an huyện"),
    "trang": ("Mai Thị Thu Trang", "Chuyên viên Văn phòng Huyện ủy"),
    "luan": ("Tô Minh Luân", "Nguyên Phó Bí thư Huyện Đoàn"),
    "saly": ("Kim Thị Sa Ly", "Phó Bí thư Huyện Đoàn"),
    "nha": ("Phan Thanh Nhã", "Phóng viên Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
    "my": ("Lê Thị Diễm My", "Chuyên viên Phòng Văn hóa, Khoa học và Thông tin huyện"),
    "rinh": ("Danh Sà Rinh", "Báo cáo viên Huyện ủy"),
    "nhung": ("Ngô Thị Hồng Nhung", "Giáo viên Trường Trung học phổ thông"),
    "hau": ("Trương Văn Hậu", "Bí thư Đoàn xã"),
    "phia": ("Thạch Thị Sô Phia", "Chủ tịch Hội Liên hiệp Phụ nữ xã"),
    "nam": ("Nguyễn Hoàng Nam", "Công chức Văn hóa – Xã hội xã"),
    "viet": ("Trần Quốc Việt", "Công chức Văn hóa – Xã hội xã"),
    "thao": ("Võ Thị Thanh Thảo", "Đoàn viên, cán bộ Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
}
REAL = {"nhan"}
# The contact person on the contact page (demo.pages) is this member: one name, one title.
CONTACT_KEY = "mau"
CONTACT_NAME, CONTACT_POSITION = PEOPLE[CONTACT_KEY]
# The standing body's head signs the Ban Tuyên giáo và Dân vận's documents (demo.documents).
STANDING_HEAD_NAME, STANDING_HEAD_POSITION = PEOPLE["ha"]
STANDING_BODY = "Ban Tuyên giáo và Dân vận"

LEADER_DUTIES = (
    "Phụ trách chung, chỉ đạo toàn diện hoạt động của Ban Chỉ đạo.\nChủ trì các hội nghị của Ban Chỉ đạo."
)
MEMBER_DUTIES = {
    "ha": "Giúp Trưởng ban điều hành công việc thường xuyên của Ban Chỉ đạo.\nChỉ đạo Cơ quan thường trực, Tổ giúp việc và Ban Biên tập trang fanpage.",
    "phuc": "Chỉ đạo công tác quản lý nhà nước về thông tin, truyền thông, internet và mạng xã hội.",
    "hieu": "Chỉ đạo công tác quản lý nhà nước về thông tin, truyền thông, internet và mạng xã hội.",
    "phanh": "Chỉ đạo nắm tình hình, phát hiện, xử lý các hoạt động lợi dụng không gian mạng vi phạm pháp luật.",
    "duc": "Theo dõi công tác bảo vệ chính trị nội bộ, nắm tình hình tư tưởng cán bộ, đảng viên.",
    "tung": "Tham mưu kiểm tra, giám sát việc chấp hành quy định của Đảng về phát ngôn, chia sẻ thông tin.",
    "linh": "Tham mưu tổng hợp, bảo đảm điều kiện hoạt động của Ban Chỉ đạo.",
    "ray": "Phát huy vai trò giám sát, phản biện xã hội; nắm tình hình dư luận trong Nhân dân.",
    "bao": "Chỉ đạo công tác bảo vệ nền tảng tư tưởng trong lực lượng vũ trang huyện.",
    "han": "Theo dõi, hướng dẫn hoạt động thông tin cơ sở, trang thông tin điện tử trên địa bàn.",
    "tri": "Nắm tình hình tư tưởng công nhân, người lao động.",
    "oanh": "Nắm tình hình tư tưởng hội viên phụ nữ.",
    "nhien": "Nắm tình hình tư tưởng hội viên phụ nữ; xây dựng lực lượng cộng tác viên trong hội.",
    "sang": "Chỉ đạo lực lượng đoàn viên thanh niên tham gia đấu tranh trên không gian mạng.",
    "luc": "Chỉ đạo lực lượng đoàn viên thanh niên tham gia đấu tranh trên không gian mạng.",
    "loi": "Nắm tình hình tư tưởng hội viên nông dân.",
    "hung": "Nắm tình hình tư tưởng hội viên cựu chiến binh.",
    "tu": "Chỉ đạo giáo dục chính trị, tư tưởng trong các trường học.",
    "mau": "Tham mưu kế hoạch, quy chế, báo cáo của Ban Chỉ đạo; đầu mối liên hệ.",
}

# person, unit slug, role, order — the composition of 10/8/2020.
FOUNDING = [
    ("nhan", "ban-chi-dao", "Trưởng ban", 0),
    ("ha", "ban-chi-dao", "Phó Trưởng ban Thường trực", 0),
    ("phuc", "ban-chi-dao", "Phó Trưởng ban", 1),
    ("phanh", "ban-chi-dao", "Phó Trưởng ban", 2),
    ("duc", "ban-chi-dao", "Thành viên", 1),
    ("tung", "ban-chi-dao", "Thành viên", 2),
    ("linh", "ban-chi-dao", "Thành viên", 3),
    ("mau", "ban-chi-dao", "Thành viên", 4),
    ("ray", "ban-chi-dao", "Thành viên", 5),
    ("bao", "ban-chi-dao", "Thành viên", 6),
    ("han", "ban-chi-dao", "Thành viên", 7),
    ("tu", "ban-chi-dao", "Thành viên", 8),
    ("tri", "ban-chi-dao", "Thành viên", 9),
    ("oanh", "ban-chi-dao", "Thành viên", 10),
    ("sang", "ban-chi-dao", "Thành viên", 11),
    ("loi", "ban-chi-dao", "Thành viên", 12),
    ("hung", "ban-chi-dao", "Thành viên", 13),
    ("ha", "co-quan-thuong-truc", "Trưởng ban", 0),
    ("mau", "co-quan-thuong-truc", "Phó Trưởng ban", 0),
    ("mau", "to-giup-viec", "Tổ trưởng", 0),
    ("khanh", "to-giup-viec", "Tổ phó", 0),
    ("ngoc", "to-giup-viec", "Thư ký", 0),
    ("danh", "to-giup-viec", "Thành viên", 1),
    ("trang", "to-giup-viec", "Thành viên", 2),
    ("luan", "to-giup-viec", "Thành viên", 3),
    ("khanh", "ban-bien-tap-fanpage", "Trưởng ban", 0),
    ("ngoc", "ban-bien-tap-fanpage", "Thành viên Ban Biên tập", 1),
    ("nha", "ban-bien-tap-fanpage", "Thành viên Ban Biên tập", 2),
    ("my", "ban-bien-tap-fanpage", "Thành viên Ban Biên tập", 3),
    ("rinh", "cong-tac-vien", "Cộng tác viên", 1),
    ("nhung", "cong-tac-vien", "Cộng tác viên", 2),
    ("hau", "cong-tac-vien", "Cộng tác viên", 3),
    ("phia", "cong-tac-vien", "Cộng tác viên", 4),
    ("nam", "cong-tac-vien", "Cộng tác viên", 5),
    ("thao", "cong-tac-vien", "Cộng tác viên", 6),
]
# The kiện toàn of 14/7/2023: who left, and who came in.
ENDED_2023 = [
    ("phuc", "ban-chi-dao", "Phó Trưởng ban"),
    ("oanh", "ban-chi-dao", "Thành viên"),
    ("sang", "ban-chi-dao", "Thành viên"),
    ("luan", "to-giup-viec", "Thành viên"),
    ("nam", "cong-tac-vien", "Cộng tác viên"),
]
STARTED_2023 = [
    ("hieu", "ban-chi-dao", "Phó Trưởng ban", 1),
    ("nhien", "ban-chi-dao", "Thành viên", 10),
    ("luc", "ban-chi-dao", "Thành viên", 11),
    ("saly", "to-giup-viec", "Thành viên", 3),
    ("viet", "cong-tac-vien", "Cộng tác viên", 5),
]

PORTRAIT_SIZE = (480, 640)
_PALETTE = [
    (206, 214, 224),
    (222, 211, 196),
    (205, 222, 210),
    (226, 206, 206),
    (214, 208, 226),
    (224, 220, 200),
]


def _portrait(key: str) -> ContentFile:
    """A neutral, clearly drawn placeholder portrait (3 × 4), different colours per person."""
    digest = hashlib.sha256(key.encode()).digest()
    background = _PALETTE[digest[0] % len(_PALETTE)]
    shade = tuple(max(0, c - 70) for c in background)
    jacket = tuple(max(0, c - 110 + digest[1] % 30) for c in background)
    img = Image.new("RGB", (600, 800), background)
    draw = ImageDraw.Draw(img)
    for y in range(800):  # soft studio gradient
        k = y / 800 * 28
        draw.line([(0, y), (600, y)], fill=tuple(int(c - k) for c in background))
    draw.ellipse([(195, 170), (405, 420)], fill=shade)
    draw.rounded_rectangle([(265, 390), (335, 480)], radius=20, fill=shade)
    draw.chord([(60, 450), (540, 1100)], 180, 360, fill=jacket)
    draw.polygon([(300, 470), (255, 560), (300, 640), (345, 560)], fill=(245, 245, 245))
    # Drawn large and scaled down: smooth edges, and one rendition width (480) to make.
    img = img.resize(PORTRAIT_SIZE, Image.Resampling.LANCZOS)
    return ContentFile(jpeg_bytes(img, quality=88), name=f"{key}.jpg")


def _people() -> dict[str, Person]:
    people = {}
    for key, (full_name, position) in PEOPLE.items():
        generated = key not in REAL
        defaults = {
            "full_name": full_name,
            "honorific": "Đồng chí",
            "main_position": f"{position} {DEMO}" if generated else position,
            "biography": DEMO_BIOGRAPHY
            if generated
            else "<p>Trưởng Ban Chỉ đạo, chủ trì hội nghị triển khai kế hoạch, quy chế hoạt động của "
            "Ban Chỉ đạo ngày 12/03/2021 (theo tin bài trên cổng). Ảnh chân dung là hình minh họa "
            f"tự tạo {DEMO}.</p>",
        }
        person = Person.objects.filter(full_name=full_name).first() or Person(**defaults)
        if not person.photo:
            person.photo = _portrait(key)  # processed by the photo pipeline on save
            person.save()
        people[key] = person
    return people


def _units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for slug, name, kind, parent, order, description in UNITS:
        unit, _ = Unit.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "parent": units.get(parent),
                "order": order,
                "description": description,
            },
        )
        units[slug] = unit
    return units


def _link_seed_article(person: Person) -> bool:
    """The seed article mentions its chair: the one place the two are linked (news loads first)."""
    article = Article.objects.filter(slug=SEED_SLUG).first()
    if article is None:
        return False
    article.people.add(person)
    return True


def _decision(date: datetime.date, title_word: str):
    """The documents demo's Quyết định of `date` (thành lập / kiện toàn), if there is one."""
    decisions = Document.objects.select_related("doc_type", "issuing_body").filter(
        doc_type__abbreviation="QĐ"
    )
    return (
        decisions.filter(issue_date=date).first()
        or decisions.filter(title__icontains=title_word, issue_date__year=date.year).first()
    )


def _link_decision(document, reorganisation: Reorganisation | None = None, **appointments) -> None:
    """Point appointments (and the kiện toàn) still without a document at `document`."""
    if document is None:
        return
    text = str(document)[:300]
    Appointment.objects.filter(decision__isnull=True, **appointments).update(
        decision=document, decision_text=text
    )
    if reorganisation is not None and reorganisation.decision_id is None:
        Reorganisation.objects.filter(pk=reorganisation.pk).update(decision=document, decision_text=text)


def _link_signed_documents(chair: Person) -> None:
    """Documents the chair signed (loaded before the committee) link to his member page."""
    Document.objects.filter(signer_name=chair.full_name, signer_person__isnull=True).update(
        signer_person=chair
    )


def load(stdout) -> None:
    roles = {role.name: role for role in Role.objects.all()}
    units = _units()
    people = _people()
    founding_decision = _decision(FOUNDED, "thành lập")
    reorganisation_decision = _decision(REORGANISED, "kiện toàn")

    founding = {}
    for key, unit, role, order in FOUNDING:
        appointment, _ = Appointment.objects.get_or_create(
            person=people[key],
            unit=units[unit],
            role=roles[role],
            start_date=FOUNDED,
            defaults={
                "order": order,
                "decision_text": FOUNDING_DECISION,
                "duties": LEADER_DUTIES
                if key == "nhan" and unit == "ban-chi-dao"
                else MEMBER_DUTIES.get(key, ""),
            },
        )
        founding[(key, unit, role)] = appointment

    reorganisation = Reorganisation.objects.filter(date=REORGANISED).first()
    if reorganisation is None:
        reorganisation = Reorganisation(
            date=REORGANISED,
            decision=reorganisation_decision,
            decision_text=str(reorganisation_decision)[:300]
            if reorganisation_decision
            else REORGANISATION_DECISION,
            note="Kiện toàn do thay đổi công tác cán bộ " + DEMO,
        )
        starting = [
            Appointment(
                person=people[key],
                unit=units[unit],
                role=roles[role],
                order=order,
                duties=MEMBER_DUTIES.get(key, ""),
            )
            for key, unit, role, order in STARTED_2023
        ]
        reorganisation.apply([founding[spec] for spec in ENDED_2023], starting)

    _link_decision(founding_decision, start_date=FOUNDED, started_by__isnull=True)
    _link_decision(reorganisation_decision, reorganisation, started_by=reorganisation)

    linked = _link_seed_article(people["nhan"])
    _link_signed_documents(people["nhan"])
    stdout.write(
        f"  ban chỉ đạo: {len(units)} đơn vị, {len(people)} thành viên, "
        f"{Appointment.objects.count()} phân công, kiện toàn ngày {REORGANISED:%d/%m/%Y}"
        + ("; gắn tin bài hội nghị 12/03/2021 với đồng chí Trưởng ban" if linked else "")
        + ("; dẫn quyết định thành lập, kiện toàn ở mục Văn bản" if founding_decision else "")
    )
