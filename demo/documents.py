"""Demo documents: the three the seed article's conference adopted on 12/03/2021, and about
twenty more of mixed types, years and statuses (one superseded, one not yet in force, one draft).

Every file is generated here: PDFs with fpdf2 and the DejaVu Sans subset committed in
demo/fonts/ (Vietnamese glyphs on any machine), one DOCX appendix with python-docx.
Names, numbers and contents other than the three adopted titles are sample data and say so.
Idempotent: documents are looked up by issuing body, type, number and title; files are
added only to documents that have none.
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import (
    Attachment,
    AttachmentVersion,
    Consultation,
    ConsultationComment,
    Document,
    DocumentType,
    Field,
    IssuingBody,
    Term,
)
from news.models import Article
from pages.models import SiteSettings

from .committee import STANDING_BODY, STANDING_HEAD_NAME, STANDING_HEAD_POSITION
from .news import SEED_PERSON, SEED_SLUG

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# fpdf2 subsets the embedded font through fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
DEMO_NOTE = "Văn bản mẫu tạo tự động để trình diễn cổng thông tin."
SAMPLE = " (dữ liệu mẫu)"
SEED_DAY = datetime.date(2021, 3, 12)
CHAIR = (SEED_PERSON, "Phó Bí thư Thường trực Huyện ủy, Trưởng Ban Chỉ đạo")
STANDING_HEAD = (STANDING_HEAD_NAME, STANDING_HEAD_POSITION + SAMPLE)

TYPES = [
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
    "Tổ chức bộ máy",
    "Kiểm tra, giám sát",
]
TERMS = [
    ("Nhiệm kỳ 2015–2020", datetime.date(2015, 8, 1), datetime.date(2020, 7, 31)),
    ("Nhiệm kỳ 2020–2025", datetime.date(2020, 8, 1), datetime.date(2025, 7, 31)),
    ("Nhiệm kỳ 2025–2030", datetime.date(2025, 8, 1), None),
]

# The seed article's solution groups, the backbone of the 2021 plan.
PLAN_2021_TASKS = [
    "Củng cố, kiện toàn Ban Chỉ đạo 35 và các bộ phận giúp việc của Ban Chỉ đạo, bảo đảm hoạt động có hiệu quả.",
    "Đẩy mạnh công tác giáo dục, tuyên truyền nâng cao nhận thức, trách nhiệm về bảo vệ nền tảng tư tưởng "
    "của Đảng, đấu tranh phản bác các thông tin, quan điểm sai trái, thù địch trong tình hình mới.",
    "Quán triệt, lãnh đạo, chỉ đạo thực hiện nghiêm quy định của Đảng, pháp luật của Nhà nước về tiếp cận, "
    "xử lý và chia sẻ thông tin trên mạng xã hội.",
    "Xây dựng lực lượng tham gia bảo vệ nền tảng tư tưởng của Đảng.",
    "Nâng cao năng lực, hiệu quả quản lý nhà nước về khai thác, sử dụng internet, mạng xã hội theo quy định "
    "của pháp luật; tăng cường kiểm tra, giám sát, giữ nghiêm kỷ luật, kỷ cương của Đảng; nâng cao trách "
    "nhiệm nêu gương của cán bộ lãnh đạo, quản lý.",
    "Nâng cao năng lực, trình độ, kỹ năng cho lực lượng chuyên trách và các cơ quan liên quan trong đấu tranh "
    "bảo vệ nền tảng tư tưởng của Đảng, phản bác các thông tin xấu, độc, quan điểm sai trái, thù địch.",
]


@dataclass
class Spec:
    key: str
    type_abbr: str
    body: str  # "bcd", "hu" or "tg"
    number: int
    issue: datetime.date
    title: str
    summary: str
    fields: list[str]
    effective: datetime.date | None = None
    expiry: datetime.date | None = None
    signer: tuple[str, str] = CHAIR
    paragraphs: list[str] = field(default_factory=list)
    published: bool = True
    replaced_by: str = ""
    related: list[str] = field(default_factory=list)
    seed: bool = False


def _specs(site: SiteSettings, today: datetime.date) -> list[Spec]:
    name = site.short_name
    parent = site.parent_body or "cấp ủy"
    plan_intro = (
        f"Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị, {name} ban hành kế hoạch "
        "hoạt động năm 2021 nhằm tiếp tục quán triệt và lãnh đạo thực hiện ngày càng có hiệu quả công tác "
        "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình "
        "hình mới, nhất là đấu tranh phản bác những thông tin sai lệch, xấu, độc trên không gian mạng."
    )
    upcoming = today - datetime.timedelta(days=6)
    return [
        # --- the three documents adopted at the conference of 12/03/2021 (seed article) ---
        Spec(
            "plan-2021",
            "KH",
            "bcd",
            5,
            SEED_DAY,
            f"Kế hoạch của {name} năm 2021",
            "Kế hoạch hoạt động năm 2021 về bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan "
            "điểm sai trái, thù địch: đề cao trách nhiệm người đứng đầu cấp ủy, cơ quan, đơn vị; phát huy vai "
            "trò nòng cốt của báo cáo viên, cộng tác viên dư luận xã hội, tuyên truyền viên cơ sở; sáu nhóm "
            "giải pháp trọng tâm.",
            FIELDS[:3],
            expiry=datetime.date(2022, 1, 1),
            paragraphs=[plan_intro, *PLAN_2021_TASKS],
            related=["rules-editorial", "rules-collaborators"],
            seed=True,
        ),
        Spec(
            "rules-editorial",
            "QC",
            "bcd",
            1,
            SEED_DAY,
            f"Quy chế hoạt động của Ban Biên tập trang fanpage {name}",
            "Quy định chức năng, nhiệm vụ, chế độ làm việc của Ban Biên tập trang fanpage Ban Chỉ đạo; quy "
            "trình biên tập, duyệt và đăng tải thông tin; trách nhiệm phối hợp với cộng tác viên.",
            FIELDS[:2],
            paragraphs=[
                "Chương I. Những quy định chung. Điều 1. Phạm vi điều chỉnh: Quy chế này quy định hoạt động của "
                "Ban Biên tập trang fanpage Ban Chỉ đạo trong việc biên tập, đăng tải thông tin tích cực và đấu "
                "tranh phản bác thông tin xấu, độc trên không gian mạng.",
                "Điều 2. Nguyên tắc hoạt động: Ban Biên tập làm việc theo chế độ tập thể, đề cao trách nhiệm "
                "cá nhân; mọi tin, bài được duyệt trước khi đăng tải.",
                "Chương II. Nhiệm vụ và quy trình. Điều 3. Ban Biên tập xây dựng kế hoạch nội dung hằng tháng, "
                "tiếp nhận tin, bài của cộng tác viên, biên tập và trình Trưởng Ban Biên tập duyệt.",
                "Điều 4. Thông tin đăng tải phải chính xác, có nguồn rõ ràng, phù hợp chủ trương của Đảng, pháp "
                "luật của Nhà nước.",
                "Chương III. Tổ chức thực hiện. Điều 5. Quy chế có hiệu lực kể từ ngày ký.",
            ],
            related=["plan-2021", "rules-collaborators"],
            seed=True,
        ),
        Spec(
            "rules-collaborators",
            "QC",
            "bcd",
            2,
            SEED_DAY,
            f"Quy chế hoạt động của Cộng tác viên {name}",
            "Quy định tiêu chuẩn, nhiệm vụ, quyền lợi của cộng tác viên Ban Chỉ đạo bảo vệ nền tảng tư tưởng "
            "của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch; chế độ báo cáo và phối hợp.",
            FIELDS[:3],
            paragraphs=[
                "Điều 1. Cộng tác viên là cán bộ, đảng viên có bản lĩnh chính trị vững vàng, có kỹ năng sử dụng "
                "mạng xã hội, được Ban Chỉ đạo lựa chọn và công nhận.",
                "Điều 2. Nhiệm vụ: lan tỏa thông tin tích cực; phát hiện, báo cáo kịp thời thông tin xấu, độc; "
                "tham gia đấu tranh phản bác các quan điểm sai trái, thù địch theo hướng dẫn của Ban Chỉ đạo.",
                "Điều 3. Chế độ báo cáo: cộng tác viên báo cáo kết quả hoạt động hằng tháng qua Tổ giúp việc.",
                "Điều 4. Khen thưởng và xử lý vi phạm theo quy định.",
            ],
            related=["plan-2021", "rules-editorial", "guide-collaborators"],
            seed=True,
        ),
        # --- founding and reorganisation (the committee app cites them) ---
        Spec(
            "founding-decision",
            "QĐ",
            "hu",
            245,
            datetime.date(2020, 8, 10),
            f"Quyết định thành lập {name}",
            "Thành lập Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
            "trái, thù địch; quy định thành phần, nhiệm vụ và cơ quan thường trực." + SAMPLE,
            FIELDS[3:4],
            signer=("Nguyễn Văn Mẫu", f"Bí thư {parent}" + SAMPLE),
        ),
        Spec(
            "reorganisation-decision",
            "QĐ",
            "hu",
            1024,
            datetime.date(2023, 7, 14),
            f"Quyết định kiện toàn {name}",
            "Kiện toàn thành phần Ban Chỉ đạo do thay đổi nhân sự; phân công Trưởng ban, các Phó Trưởng ban "
            "và các thành viên." + SAMPLE,
            FIELDS[3:4],
            signer=("Nguyễn Văn Mẫu", f"Bí thư {parent}" + SAMPLE),
        ),
        Spec(
            "resolution-2019",
            "NQ",
            "hu",
            12,
            datetime.date(2019, 5, 20),
            "Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng trong tình hình mới",
            "Cụ thể hóa Nghị quyết số 35-NQ/TW ở địa phương: mục tiêu, nhiệm vụ và giải pháp đến năm 2025."
            + SAMPLE,
            FIELDS[:1],
            signer=("Nguyễn Văn Mẫu", f"Bí thư {parent}" + SAMPLE),
        ),
        # --- working rules: the 2020 version superseded by the 2023 one ---
        Spec(
            "rules-2020",
            "QC",
            "bcd",
            1,
            datetime.date(2020, 7, 15),
            f"Quy chế làm việc của {name}",
            "Quy định nguyên tắc làm việc, nhiệm vụ của thành viên, chế độ họp và thông tin báo cáo của Ban "
            "Chỉ đạo." + SAMPLE,
            FIELDS[3:4],
            replaced_by="rules-2023",
        ),
        Spec(
            "rules-2023",
            "QC",
            "bcd",
            7,
            datetime.date(2023, 8, 2),
            f"Quy chế làm việc của {name} (sửa đổi, bổ sung sau kiện toàn)",
            "Thay thế Quy chế làm việc năm 2020: cập nhật thành phần sau kiện toàn, chế độ họp định kỳ 6 "
            "tháng và phối hợp với Ban Biên tập trang fanpage." + SAMPLE,
            FIELDS[3:4],
            related=["reorganisation-decision"],
        ),
        # --- yearly plans: expired, in force, not yet in force ---
        Spec(
            "plan-2022",
            "KH",
            "bcd",
            11,
            datetime.date(2022, 1, 14),
            f"Kế hoạch hoạt động của {name} năm 2022",
            "Nhiệm vụ trọng tâm năm 2022: tuyên truyền kỷ niệm các ngày lễ lớn, đấu tranh trên không gian "
            "mạng, bồi dưỡng kỹ năng cho cộng tác viên." + SAMPLE,
            FIELDS[:3],
            expiry=datetime.date(2023, 1, 1),
        ),
        Spec(
            "plan-2023",
            "KH",
            "bcd",
            17,
            datetime.date(2023, 1, 9),
            f"Kế hoạch hoạt động của {name} năm 2023",
            "Nhiệm vụ trọng tâm năm 2023 và phân công thực hiện." + SAMPLE,
            FIELDS[:2],
            expiry=datetime.date(2024, 1, 1),
        ),
        Spec(
            "plan-2024",
            "KH",
            "bcd",
            24,
            datetime.date(2024, 1, 12),
            f"Kế hoạch hoạt động của {name} năm 2024",
            "Nhiệm vụ trọng tâm năm 2024; tổ chức Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng ở "
            "địa phương." + SAMPLE,
            FIELDS[:3],
            expiry=datetime.date(2025, 1, 1),
        ),
        Spec(
            "plan-2026",
            "KH",
            "bcd",
            2,
            datetime.date(2026, 1, 8),
            f"Kế hoạch hoạt động của {name} năm 2026",
            "Nhiệm vụ trọng tâm năm 2026 của nhiệm kỳ mới." + SAMPLE,
            FIELDS[:3],
            expiry=datetime.date(2027, 1, 1),
        ),
        Spec(
            "plan-upcoming",
            "KH",
            "bcd",
            9,
            upcoming,
            f"Kế hoạch tuyên truyền cao điểm của {name}",
            "Đợt tuyên truyền cao điểm; có hiệu lực từ ngày bắt đầu đợt cao điểm." + SAMPLE,
            FIELDS[1:3],
            effective=upcoming + datetime.timedelta(days=36),
        ),
        # --- notices, reports, guidance, letters ---
        Spec(
            "notice-2021",
            "TB",
            "bcd",
            6,
            datetime.date(2021, 3, 22),
            "Thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo",
            "Phân công nhiệm vụ cụ thể cho Trưởng ban, các Phó Trưởng ban và từng thành viên." + SAMPLE,
            FIELDS[3:4],
            related=["plan-2021"],
        ),
        Spec(
            "notice-2023",
            "TB",
            "bcd",
            21,
            datetime.date(2023, 7, 25),
            "Thông báo phân công nhiệm vụ thành viên Ban Chỉ đạo sau kiện toàn",
            "Phân công lại nhiệm vụ sau Quyết định kiện toàn ngày 14/7/2023." + SAMPLE,
            FIELDS[3:4],
            related=["reorganisation-decision"],
        ),
        Spec(
            "report-2021",
            "BC",
            "bcd",
            15,
            datetime.date(2021, 12, 15),
            "Báo cáo tổng kết công tác năm 2021, phương hướng nhiệm vụ năm 2022",
            "Kết quả thực hiện Kế hoạch năm 2021, hạn chế và phương hướng năm 2022." + SAMPLE,
            FIELDS[:2],
        ),
        Spec(
            "report-2022",
            "BC",
            "bcd",
            19,
            datetime.date(2022, 12, 14),
            "Báo cáo tổng kết công tác năm 2022, phương hướng nhiệm vụ năm 2023",
            "Kết quả năm 2022 và nhiệm vụ năm 2023." + SAMPLE,
            FIELDS[:2],
        ),
        Spec(
            "report-2024-9m",
            "BC",
            "bcd",
            31,
            datetime.date(2024, 9, 20),
            "Báo cáo sơ kết 9 tháng đầu năm 2024",
            "Kết quả 9 tháng, nhiệm vụ 3 tháng cuối năm 2024." + SAMPLE,
            FIELDS[:2],
        ),
        Spec(
            "report-2025",
            "BC",
            "bcd",
            5,
            datetime.date(2025, 12, 12),
            "Báo cáo tổng kết công tác năm 2025",
            "Kết quả năm 2025, năm đầu nhiệm kỳ mới." + SAMPLE,
            FIELDS[:2],
        ),
        Spec(
            "guide-collaborators",
            "HD",
            "tg",
            8,
            datetime.date(2021, 4, 16),
            "Hướng dẫn xây dựng và hoạt động của lực lượng cộng tác viên",
            "Hướng dẫn lựa chọn, tập huấn, quản lý cộng tác viên; cách nhận diện và báo cáo thông tin xấu, "
            "độc trên mạng xã hội." + SAMPLE,
            FIELDS[1:3],
            signer=STANDING_HEAD,
        ),
        Spec(
            "letter-2022",
            "CV",
            "tg",
            145,
            datetime.date(2022, 5, 10),
            "Về tăng cường đấu tranh phản bác thông tin sai trái trên không gian mạng",
            "Đề nghị các chi, đảng bộ cơ sở chỉ đạo đảng viên không chia sẻ thông tin chưa kiểm chứng và "
            "báo cáo kịp thời thông tin xấu, độc." + SAMPLE,
            FIELDS[1:2],
            signer=STANDING_HEAD,
        ),
        Spec(
            "letter-2024",
            "CV",
            "tg",
            301,
            datetime.date(2024, 3, 5),
            "Về hưởng ứng Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng",
            "Triển khai Cuộc thi chính luận lần thứ tư đến cán bộ, đảng viên và nhân dân." + SAMPLE,
            FIELDS[2:3],
            signer=STANDING_HEAD,
        ),
        Spec(
            "draft-report-2026",
            "BC",
            "bcd",
            8,
            datetime.date(2026, 6, 15),
            "Báo cáo sơ kết 6 tháng đầu năm 2026 (dự thảo)",
            "Bản nháp chưa công bố: chỉ cán bộ quản trị xem được." + SAMPLE,
            FIELDS[:1],
            published=False,
        ),
    ]


# --- files ----------------------------------------------------------------------------------
def make_pdf(
    *,
    parent: str,
    body_name: str,
    code: str,
    place_date: str,
    type_name: str,
    title: str,
    paragraphs: list[str],
    signer: tuple[str, str],
) -> bytes:
    """An A4 PDF laid out like a Party document (Hướng dẫn 36-HD/VPTW), Vietnamese text embedded."""
    return _render_pdf(
        parent, body_name, code, place_date, type_name, title, tuple(paragraphs), tuple(signer)
    )


@functools.lru_cache(maxsize=64)  # embedding the font costs ~0.3 s a file; a rerun reuses the bytes
def _render_pdf(parent, body_name, code, place_date, type_name, title, paragraphs, signer) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans-vi.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold-vi.ttf"))
    pdf.set_title(f"{type_name} {code}: {title}")
    pdf.set_author(body_name)
    pdf.set_creator("Cổng thông tin Ban Chỉ đạo 35 (dữ liệu mẫu)")
    pdf.set_lang("vi")
    pdf.add_page()
    top = pdf.get_y()
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(80, 5, parent.upper(), align="C", new_x="LMARGIN")
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(80, 5, body_name.upper(), align="C", new_x="LMARGIN")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(80, 5, f"*\nSố {code}", align="C", new_x="LMARGIN")
    left_bottom = pdf.get_y()
    pdf.set_xy(110, top)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(80, 5, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LEFT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(80, 5, place_date, align="C", new_x="LMARGIN")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, type_name.upper(), align="C", new_x="LMARGIN")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, title, align="C", new_x="LMARGIN")
    pdf.ln(2)
    pdf.cell(0, 4, "-----", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    for number, paragraph in enumerate(paragraphs, start=1):
        text = (
            paragraph
            if number == 1 or paragraph.startswith(("Chương", "Điều"))
            else f"{number - 1}. {paragraph}"
        )
        pdf.multi_cell(0, 6, text, align="J", new_x="LMARGIN")
        pdf.ln(2)
    pdf.ln(6)
    pdf.set_x(110)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(80, 6, signer[1].upper(), align="C", new_x="LEFT")
    pdf.ln(14)
    pdf.set_x(110)
    pdf.multi_cell(80, 6, signer[0], align="C", new_x="LMARGIN")
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, DEMO_NOTE, align="L", new_x="LMARGIN")
    return bytes(pdf.output())


def _pdf_for(document: Document, site: SiteSettings, spec: Spec) -> bytes:
    locality = site.locality or "Địa phương"
    day = document.issue_date
    paragraphs = spec.paragraphs or [
        document.summary.removesuffix(SAMPLE),
        "Các cơ quan, đơn vị căn cứ nội dung văn bản này tổ chức thực hiện, báo cáo kết quả về Ban Chỉ đạo "
        "qua Tổ giúp việc.",
        "Trong quá trình thực hiện, nếu có vướng mắc, phản ánh về cơ quan thường trực để được hướng dẫn.",
    ]
    return make_pdf(
        parent=site.parent_body or "Cấp ủy",
        body_name=document.issuing_body.name,
        code=document.code,
        place_date=f"{locality}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        type_name=document.doc_type.name,
        title=document.title,
        paragraphs=paragraphs,
        signer=(spec.signer[0], spec.signer[1].split(", ")[-1].removesuffix(SAMPLE)),
    )


def _appendix_docx(document: Document) -> bytes:
    import docx

    out = docx.Document()
    out.add_heading(
        f"Phụ lục: phân công thực hiện {document.doc_type.name.lower()} số {document.code}", level=1
    )
    table = out.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text, table.rows[0].cells[2].text = (
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời gian",
    )
    for task, unit, when in [
        ("Kiện toàn bộ phận giúp việc", STANDING_BODY, "Quý I/2021"),
        ("Tập huấn cộng tác viên", "Tổ giúp việc", "Quý II/2021"),
        ("Sơ kết 6 tháng", "Ban Chỉ đạo", "Tháng 7/2021"),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = task, unit, when
    out.add_paragraph(DEMO_NOTE)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _attach(document: Document, content: bytes, name: str, title: str = "", order: int = 0) -> Attachment:
    attachment = Attachment(document=document, title=title, order=order)
    attachment.file = ContentFile(content, name=name)
    attachment.save()
    return attachment


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# --- loading --------------------------------------------------------------------------------
def _lookups(site: SiteSettings) -> tuple[dict, dict, dict]:
    types = {}
    for order, (name, abbr) in enumerate(TYPES):
        types[abbr], _ = DocumentType.objects.get_or_create(
            abbreviation=abbr, defaults={"name": name, "order": order}
        )
    parent = site.parent_body or "Cấp ủy"
    bodies = {}
    for key, name, abbr, order in [
        ("bcd", site.short_name, "BCĐ", 0),
        ("hu", f"Ban Thường vụ {parent}", "HU", 1),
        ("tg", f"{STANDING_BODY} {parent}", "BTGDVHU", 2),
    ]:
        bodies[key], _ = IssuingBody.objects.get_or_create(
            name=name,
            defaults={"abbreviation": abbr, "order": order, "numbering": IssuingBody.Numbering.TERM},
        )
    fields = {}
    for order, name in enumerate(FIELDS):
        fields[name], _ = Field.objects.get_or_create(name=name, defaults={"order": order})
    for name, start, end in TERMS:
        Term.objects.get_or_create(name=name, defaults={"start_date": start, "end_date": end})
    return types, bodies, fields


def load(stdout) -> None:
    site = SiteSettings.load()
    today = timezone.localdate()
    types, bodies, fields = _lookups(site)
    documents: dict[str, Document] = {}
    created = 0
    for spec in _specs(site, today):
        document = Document.objects.filter(
            issuing_body=bodies[spec.body],
            doc_type=types[spec.type_abbr],
            number=spec.number,
            title=spec.title,
        ).first()
        if document is None:
            document = Document(
                doc_type=types[spec.type_abbr],
                issuing_body=bodies[spec.body],
                number=spec.number,
                issue_date=spec.issue,
                effective_date=spec.effective,
                expiry_date=spec.expiry,
                title=spec.title,
                summary=spec.summary,
                signer_name=spec.signer[0],
                signer_position=spec.signer[1],
                is_published=spec.published,
            )
            document.full_clean()
            document.save()
            document.fields.set([fields[name] for name in spec.fields])
            stamp = _at(spec.issue + datetime.timedelta(days=1))
            Document.objects.filter(pk=document.pk).update(
                uploaded_at=stamp, published_at=stamp if spec.published else None
            )
            created += 1
        documents[spec.key] = document

    article = Article.objects.filter(slug=SEED_SLUG).first()  # absent when news is not loaded yet
    for spec in _specs(site, today):
        document = documents[spec.key]
        if spec.replaced_by and document.replaced_by_id is None:
            Document.objects.filter(pk=document.pk).update(replaced_by=documents[spec.replaced_by])
        if spec.related:
            document.related_documents.add(*[documents[key] for key in spec.related])
        if spec.seed and article is not None:
            document.related_articles.add(article)
        if not document.attachments.exists():
            _add_files(document, site, spec)
        document.refresh_search_text()
    stdout.write(
        f"Văn bản: {created} văn bản mới, tổng {Document.objects.count()}; "
        f"{'đã' if article else 'chưa'} liên kết với tin hội nghị ngày 12/03/2021."
    )
    _load_consultations(site, documents, stdout)


def _load_consultations(site: SiteSettings, documents: dict, stdout) -> None:
    """Lấy ý kiến dự thảo: one draft open for comment (two comments published, one waiting) and
    one closed draft with its report, linked to the rules it became."""
    now = timezone.now()
    name = site.short_name
    open_title = f"Dự thảo Kế hoạch tuyên truyền bảo vệ nền tảng tư tưởng của Đảng năm sau{SAMPLE}"
    closed_title = f"Dự thảo Quy chế hoạt động của Ban Biên tập trang fanpage {name}{SAMPLE}"
    if Consultation.objects.filter(title__in=[open_title, closed_title]).exists():
        stdout.write("Lấy ý kiến dự thảo: đã có dữ liệu mẫu.")
        return
    deadline = timezone.localtime(now + datetime.timedelta(days=14)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    current = Consultation.objects.create(
        title=open_title,
        summary="Cơ quan thường trực đề nghị cán bộ, đảng viên và nhân dân góp ý vào dự thảo, nhất là "
        "nhiệm vụ của các tổ chức cơ sở (Điều 3) và cách phối hợp với báo chí địa phương (Điều 5).",
        body="<p><strong>Điều 1. Mục đích, yêu cầu.</strong> Nâng cao nhận thức, trách nhiệm của cán bộ, "
        "đảng viên trong đấu tranh phản bác các quan điểm sai trái, thù địch.</p>"
        "<p><strong>Điều 3. Nhiệm vụ của tổ chức cơ sở.</strong> Mỗi quý tổ chức ít nhất một buổi sinh hoạt "
        "chuyên đề.</p><p><strong>Điều 5. Phối hợp với báo chí.</strong> Cung cấp thông tin chính thống "
        "kịp thời khi có vụ việc phức tạp.</p>",
        opens_at=now - datetime.timedelta(days=7),
        closes_at=deadline,
        is_published=True,
    )
    ConsultationComment.objects.create(
        consultation=current,
        name="Nguyễn Văn Hùng",
        contact="hung.nv@example.vn",
        section="Điều 3",
        text="Đề nghị quy định rõ hình thức sinh hoạt chuyên đề trực tuyến cho đảng viên ở xa.",
        is_published=True,
        response="tiep-thu",
        response_note="Ban soạn thảo bổ sung hình thức trực tuyến vào Điều 3.",
    )
    ConsultationComment.objects.create(
        consultation=current,
        name="Trần Thị Mai",
        section="Điều 5",
        text="Nên có đầu mối cung cấp thông tin cho báo chí trong vòng 24 giờ.",
        is_published=True,
    )
    ConsultationComment.objects.create(
        consultation=current,
        name="Lê Văn Tâm",
        contact="0912 345 678",
        text="Ý kiến đang chờ cơ quan xem xét.",
    )
    adopted = documents.get("rules-editorial")
    closed = Consultation.objects.create(
        title=closed_title,
        summary="Lấy ý kiến về quy chế hoạt động của Ban Biên tập trước khi ban hành.",
        body="<p>Chương I. Những quy định chung. Chương II. Nhiệm vụ, quyền hạn. Chương III. Tổ chức thực hiện.</p>",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        is_published=True,
        report="<p>Sau 30 ngày lấy ý kiến, Ban soạn thảo nhận được 3 ý kiến. Tiếp thu 2 ý kiến về chế độ "
        "họp của Ban Biên tập (Điều 4); giải trình 1 ý kiến đề nghị mở rộng thành viên: số thành viên do "
        "Trưởng Ban Chỉ đạo quyết định theo từng thời kỳ.</p>",
        report_published=True,
        adopted_document=adopted if adopted is not None and adopted.is_published else None,
    )
    ConsultationComment.objects.create(
        consultation=closed,
        name="Phạm Quốc Bảo",
        section="Điều 4",
        text="Đề nghị Ban Biên tập họp định kỳ hằng tháng thay vì hằng quý.",
        is_published=True,
        response="tiep-thu",
        response_note="Đã sửa Điều 4: họp định kỳ hằng tháng.",
    )
    ConsultationComment.objects.create(
        consultation=closed,
        name="Võ Thị Hạnh",
        text="Nên mở rộng thành viên Ban Biên tập cho đại diện các xã.",
        is_published=True,
        response="giai-trinh",
        response_note="Số thành viên do Trưởng Ban Chỉ đạo quyết định theo từng thời kỳ.",
    )
    ConsultationComment.objects.create(consultation=closed, name="Đặng Minh", text="Đồng ý với dự thảo.")
    stdout.write(
        "Lấy ý kiến dự thảo: 1 dự thảo đang lấy ý kiến, 1 dự thảo đã có báo cáo tiếp thu, giải trình."
    )


def _add_files(document: Document, site: SiteSettings, spec: Spec) -> None:
    document = Document.objects.select_related("doc_type", "issuing_body").get(pk=document.pk)
    file_name = f"{document.doc_type.name} {document.code.replace('/', '-')} {document.title[:80]}.pdf"
    if spec.key == "rules-editorial":
        # The draft put to the conference, then the signed text: shows "earlier versions".
        draft = Spec(
            **{**spec.__dict__, "paragraphs": ["Dự thảo trình hội nghị ngày 12/03/2021.", *spec.paragraphs]}
        )
        attachment = _attach(document, _pdf_for(document, site, draft), f"Dự thảo {file_name}", "Toàn văn")
        attachment.file = ContentFile(_pdf_for(document, site, spec), name=file_name)
        attachment.save()
        Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=_at(SEED_DAY, 16))
        AttachmentVersion.objects.filter(attachment=attachment).update(
            uploaded_at=_at(SEED_DAY - datetime.timedelta(days=3), 10), replaced_at=_at(SEED_DAY, 16)
        )
    else:
        _attach(document, _pdf_for(document, site, spec), file_name, "Toàn văn")
        Attachment.objects.filter(document=document).update(
            uploaded_at=_at(document.issue_date + datetime.timedelta(days=1))
        )
    if spec.key == "plan-2021":
        _attach(document, _appendix_docx(document), "Phụ lục phân công nhiệm vụ năm 2021.docx", "Phụ lục", 1)
