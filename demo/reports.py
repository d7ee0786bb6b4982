"""Demo: one rebuttal article (bài phản bác) with its official sources, and one citizen's report
in the triage queue linked to it."""

import datetime
import html

from django.utils import timezone

from news.models import Article, Category, Kind, RebuttalSource, Status, Verdict
from reports.models import Report
from reports.models import Status as ReportStatus

REBUTTAL_SLUG = "su-that-ve-tin-don-thu-hoi-dat-ruong-khong-boi-thuong"
REBUTTAL_TITLE = "Sự thật về tin đồn “thu hồi đất ruộng không bồi thường” ở Duyên Hải"
CLAIM = (
    "Huyện sẽ thu hồi toàn bộ đất ruộng ven biển của người dân để giao cho doanh nghiệp, "
    "không bồi thường, không tái định cư."
)
CLAIM_ORIGIN = "Một số tài khoản, trang mạng xã hội không rõ danh tính"
TRUTH = (
    "Không có quyết định thu hồi đất nào như tin đồn. Quy hoạch sử dụng đất của huyện được công "
    "khai tại UBND các xã; mọi trường hợp thu hồi đất đều phải bồi thường, hỗ trợ, tái định cư "
    "theo Luật Đất đai 2024."
)
BODY = [
    "Thời gian qua, trên một số trang mạng xã hội lan truyền thông tin cho rằng huyện sẽ thu hồi "
    "toàn bộ đất ruộng ven biển của người dân mà không bồi thường. Thông tin này gây hoang mang "
    "cho một bộ phận nhân dân.",
    "Qua kiểm tra, UBND huyện khẳng định chưa ban hành bất kỳ thông báo thu hồi đất nào đối với "
    "diện tích đất ruộng ven biển. Quy hoạch sử dụng đất đến năm 2030 đã được phê duyệt và niêm "
    "yết công khai tại trụ sở UBND các xã, thị trấn.",
    "Luật Đất đai 2024 quy định rõ: Nhà nước chỉ thu hồi đất trong các trường hợp luật định, phải "
    "thông báo trước và bồi thường, hỗ trợ, tái định cư cho người có đất bị thu hồi. Người dân "
    "cần tỉnh táo, không chia sẻ thông tin chưa được kiểm chứng.",
]
SOURCES = [
    ("Luật Đất đai số 31/2024/QH15 — Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Văn bản của Ban Chỉ đạo trên cổng này", "/van-ban/"),
]


def _rebuttal() -> Article:
    article = Article.objects.filter(slug=REBUTTAL_SLUG).first()
    if article is not None:
        return article
    category = (
        Category.objects.filter(slug="dau-tranh-phan-bac").first()
        or Category.objects.order_by("order").first()
    )
    article = Article(
        title=REBUTTAL_TITLE,
        slug=REBUTTAL_SLUG,
        summary="Thông tin về việc thu hồi đất ruộng không bồi thường lan truyền trên mạng xã hội là bịa đặt.",
        body="".join(f"<p>{html.escape(p)}</p>" for p in BODY),
        category=category,
        kind=Kind.REBUTTAL,
        claim=CLAIM,
        claim_origin=CLAIM_ORIGIN,
        verdict=Verdict.FABRICATED,
        rebuttal_summary=TRUTH,
        credit="Ban Chỉ đạo 35 huyện",
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=2),
    )
    article.save()
    for order, (title, url) in enumerate(SOURCES):
        RebuttalSource.objects.create(article=article, title=title, url=url, order=order)
    return article


def load(stdout) -> None:
    rebuttal = _rebuttal()
    if not Report.objects.exists():
        Report.objects.create(
            url="https://www.facebook.com/trang-mao-danh-duyen-hai/posts/1234567890",
            note="Trang này đăng tin huyện thu hồi đất ruộng không bồi thường, nhiều người chia sẻ.",
            status=ReportStatus.VERIFYING,
            internal_notes="Đã đối chiếu với quy hoạch sử dụng đất; bài phản bác đã đăng.",
            rebuttal=rebuttal,
        )
    stdout.write("  bài phản bác mẫu và một tin báo đang xác minh")
