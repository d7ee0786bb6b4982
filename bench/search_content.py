"""Synthetic content for the search benchmark (bench/seed_search.py), made in bulk.

Sentences are drawn (with a fixed seed) from Vietnamese text about the committee's work, so word
frequencies look like the real site's: a few words are everywhere ("ban", "chi", "dao"), most
are rare. Rows are created with ``bulk_create`` and indexed by ``search.indexing.reindex`` in
batches, so 20,000 articles and 5,000 documents take seconds, not the hours that saving them
one by one would. Bench rows are recognisable by their slug prefix; running again only tops up
to the requested numbers.

The rows belong to the site being worked on (``network.api.working_on``: seed_search.py works
on site 1, a test on its own site); each bulk-inserted row names it, since bulk_create sends no
signals.
"""

import datetime
import random
from collections.abc import Callable

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from network.api import current_site_id
from search.indexing import add_new
from search.models import Kind
from search.providers import PROVIDERS

SLUG_PREFIX = "bench-"
SENTENCES = [
    "Ban Chỉ đạo 35 huyện tổ chức hội nghị triển khai kế hoạch, quy chế làm việc",
    "Đồng chí Trưởng ban chủ trì hội nghị và phát biểu chỉ đạo",
    "Hội nghị thông qua kế hoạch hoạt động năm của Ban Chỉ đạo",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Quy chế hoạt động của Ban Biên tập trang fanpage Ban Chỉ đạo",
    "Phát huy vai trò nòng cốt của lực lượng báo cáo viên, cộng tác viên dư luận xã hội",
    "Tuyên truyền viên cơ sở và các cơ quan tham mưu trong công tác bảo vệ nền tảng tư tưởng",
    "Đẩy mạnh công tác giáo dục, tuyên truyền nâng cao nhận thức trách nhiệm",
    "Xử lý và chia sẻ thông tin trên mạng xã hội theo quy định của pháp luật",
    "Nâng cao năng lực quản lý nhà nước về khai thác, sử dụng internet",
    "Tăng cường kiểm tra, giám sát, giữ nghiêm kỷ luật, kỷ cương của Đảng",
    "Củng cố, kiện toàn Ban Chỉ đạo và các bộ phận giúp việc",
    "Tập huấn nghiệp vụ cho đội ngũ cộng tác viên trên không gian mạng",
    "Sơ kết công tác sáu tháng đầu năm, đề ra nhiệm vụ trọng tâm thời gian tới",
    "Các xã, thị trấn báo cáo kết quả thực hiện nghị quyết",
    "Thông tin sai lệch, xấu, độc trên không gian mạng được phát hiện và xử lý kịp thời",
    "Hội thảo khoa học về công tác lý luận, phê bình văn học nghệ thuật",
    "Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng",
    "Ủy ban nhân dân huyện phối hợp với Mặt trận Tổ quốc và các đoàn thể",
    "Đoàn kiểm tra làm việc tại các cơ quan, đơn vị trên địa bàn",
]
TOPICS = [
    "Hội nghị",
    "Tập huấn",
    "Sơ kết",
    "Tổng kết",
    "Hội thảo",
    "Kiểm tra",
    "Triển khai",
    "Tuyên truyền",
    "Phát động",
    "Giao ban",
]
PLACES = ["huyện", "xã Long Hữu", "xã Ngũ Lạc", "thị trấn Long Thành", "xã Đông Hải", "xã Dân Thành"]


def _text(rng: random.Random, sentences: int) -> str:
    return ". ".join(rng.choice(SENTENCES) for _ in range(sentences)) + "."


def _article_rows(n: int, start: int, rng: random.Random, site_id: int) -> list:
    Article = apps.get_model("news", "Article")
    Category = apps.get_model("news", "Category")
    category, _ = Category.objects.get_or_create(
        slug=f"{SLUG_PREFIX}tin", defaults={"name": "Tin thử nghiệm"}
    )
    base = timezone.make_aware(datetime.datetime(2018, 1, 1, 7))
    rows = []
    for i in range(start, start + n):
        title = f"{rng.choice(TOPICS)} {rng.choice(SENTENCES).lower()} tại {rng.choice(PLACES)}"[:300]
        paragraphs = "".join(f"<p>{_text(rng, 4)}</p>" for _ in range(3))
        rows.append(
            Article(
                title=title,
                slug=f"{SLUG_PREFIX}tin-{i}",
                summary=_text(rng, 1),
                body=paragraphs,
                category=category,
                status="published",
                publish_at=base + datetime.timedelta(hours=3 * i),
                site_id=site_id,
            )
        )
    return rows


def _document_rows(n: int, start: int, rng: random.Random, site_id: int) -> list:
    Document = apps.get_model("documents", "Document")
    DocumentType = apps.get_model("documents", "DocumentType")
    IssuingBody = apps.get_model("documents", "IssuingBody")
    doc_type, _ = DocumentType.objects.get_or_create(
        slug=f"{SLUG_PREFIX}ke-hoach", defaults={"name": "Kế hoạch (thử nghiệm)", "abbreviation": "KHTN"}
    )
    body, _ = IssuingBody.objects.get_or_create(
        slug=f"{SLUG_PREFIX}bcd",
        defaults={"name": "Ban Chỉ đạo thử nghiệm", "abbreviation": "BCĐTN", "numbering": "year"},
    )
    rows = []
    for i in range(start, start + n):
        day = datetime.date(2018, 1, 1) + datetime.timedelta(days=i % 2500)
        rows.append(
            Document(
                doc_type=doc_type,
                issuing_body=body,
                number=i + 1,
                number_series="year-bench",
                symbol=body.abbreviation,
                title=f"Kế hoạch {rng.choice(SENTENCES).lower()}"[:300],
                slug=f"{SLUG_PREFIX}van-ban-{i}",
                summary=_text(rng, 2),
                issue_date=day,
                effective_date=day,
                is_published=True,
                published_at=timezone.now(),
                site_id=site_id,
            )
        )
    return rows


def generate(
    articles: int = 20_000,
    documents: int = 5_000,
    batch_size: int = 1_000,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Top up the bench rows to these numbers and index them. Returns how many were created."""
    site_id = current_site_id()
    if site_id is None:
        raise RuntimeError("generate() runs inside one site's work (network.api.working_on)")
    created = {"articles": 0, "documents": 0}
    plans = [
        ("articles", "news.Article", Kind.ARTICLE, articles, _article_rows),
        ("documents", "documents.Document", Kind.DOCUMENT, documents, _document_rows),
    ]
    for name, label, kind, wanted, make_rows in plans:
        try:
            model = apps.get_model(label)
        except LookupError:
            log(f"{label}: chưa cài đặt, bỏ qua.")
            continue
        existing = model._default_manager.filter(slug__startswith=SLUG_PREFIX).count()
        rng = random.Random(f"{name}-{existing}")
        for start in range(existing, wanted, batch_size):
            rows = make_rows(min(batch_size, wanted - start), start, rng, site_id)
            with transaction.atomic():
                model._default_manager.bulk_create(rows, batch_size=batch_size)
                add_new(PROVIDERS[kind], [row.pk for row in rows])
            created[name] += len(rows)
        log(f"{label}: {existing + created[name]} dòng thử nghiệm ({created[name]} mới).")
    return created
