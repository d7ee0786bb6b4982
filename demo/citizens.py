"""Demo content of "Citizens talk back": a banner on every page and a few months of ratings.

Idempotent: the banner is made once (found again by its text), ratings only when the site has
none, so running it twice changes nothing.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from news.models import Article
from notices.models import Kind, Notice
from ratings.models import Choice, Rating

BANNER_TEXT = "Cổng đang chạy thử phiên bản mới: mời góp ý ở cuối mỗi bài viết."
COMMENTS = [
    "Bài viết rõ ràng, dễ hiểu.",
    "Nên bổ sung số liệu cụ thể của từng xã.",
    "Mong có thêm ảnh hoạt động.",
    "Cảm ơn Ban Chỉ đạo đã cập nhật kịp thời.",
]


def load(stdout) -> None:
    now = timezone.now()
    if not Notice.objects.filter(text=BANNER_TEXT).exists():
        Notice.objects.create(
            kind=Kind.INFO,
            text=BANNER_TEXT,
            link="/gioi-thieu/",
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=365),
        )
    if Rating.objects.exists():
        return
    rng = random.Random(35)
    today = timezone.localdate()
    content_type = ContentType.objects.get_for_model(Article)
    articles = list(Article.objects.published().values_list("pk", flat=True)[:20])
    rows = []
    for pk in articles:
        for i in range(rng.randint(0, 12)):
            choice = rng.choices([Choice.USEFUL, Choice.NEUTRAL, Choice.NOT_USEFUL], weights=[6, 3, 1])[0]
            rows.append(
                Rating(
                    content_type=content_type,
                    object_id=pk,
                    day=today - datetime.timedelta(days=rng.randint(0, 150)),
                    visitor_key=f"{rng.getrandbits(128):032x}",
                    choice=choice,
                    comment=rng.choice(COMMENTS) if i % 5 == 0 else "",
                )
            )
    Rating.objects.bulk_create(rows)  # not content: the page cache needs no bump
    stdout.write(f"Thông báo và {len(rows)} đánh giá mẫu.")
