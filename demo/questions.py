"""Hỏi đáp demo: the committee's topics, two answered questions it chose to publish, and one
still being handled (visible to staff only)."""

import datetime

from django.utils import timezone

from questions import codes
from questions.models import Question, Topic

TOPICS = [
    "Phòng, chống tham nhũng, tiêu cực",
    "Bảo vệ nền tảng tư tưởng của Đảng",
    "Tiếp công dân, phản ánh, kiến nghị",
    "Khác",
]

PUBLISHED = [
    {
        "topic": "Bảo vệ nền tảng tư tưởng của Đảng",
        "public_title": "Gặp bài viết xuyên tạc trên mạng xã hội thì nên làm gì?",
        "text": (
            "Tôi thường thấy trên Facebook có bài viết xuyên tạc chủ trương của Đảng, chính sách của "
            "Nhà nước. Người dân nên làm gì khi gặp những bài viết như vậy?"
        ),
        "answer": (
            "Cảm ơn bạn đã quan tâm. Khi gặp thông tin xuyên tạc, bạn không bình luận, không chia sẻ "
            "để tránh lan truyền; dùng chức năng báo cáo vi phạm của mạng xã hội; tìm hiểu thông tin "
            "chính thống trên các cổng thông tin của cơ quan nhà nước và báo chí chính thức. Nếu nội "
            "dung có dấu hiệu vi phạm pháp luật, bạn có thể phản ánh tới cơ quan công an gần nhất "
            "hoặc gửi câu hỏi qua trang này để được hướng dẫn thêm."
        ),
        "days_ago": 12,
    },
    {
        "topic": "Tiếp công dân, phản ánh, kiến nghị",
        "public_title": "Lịch tiếp công dân của Ban Chỉ đạo",
        "text": "Xin cho biết Ban Chỉ đạo có lịch tiếp công dân định kỳ không, và tiếp ở đâu?",
        "answer": (
            "Ban Chỉ đạo không tiếp công dân riêng; việc tiếp công dân thực hiện theo lịch chung của "
            "Ban Tuyên giáo và Dân vận vào sáng thứ Năm hằng tuần tại trụ sở cơ quan. Bạn cũng có thể "
            "gửi phản ánh, kiến nghị qua trang Hỏi đáp này; câu trả lời được gửi tới thư điện tử của "
            "bạn nếu bạn ghi địa chỉ."
        ),
        "days_ago": 5,
    },
]


def load(stdout) -> None:
    topics = {}
    for order, name in enumerate(TOPICS):
        topics[name], _ = Topic.objects.update_or_create(name=name, defaults={"order": order})
    now = timezone.now()
    for spec in PUBLISHED:
        if Question.objects.filter(public_title=spec["public_title"]).exists():
            continue
        asked = now - datetime.timedelta(days=spec["days_ago"] + 3)
        answered = now - datetime.timedelta(days=spec["days_ago"])
        Question.objects.create(
            topic=topics[spec["topic"]],
            asker_name="",  # the demo's askers left no contact details
            text=spec["text"],
            code_digest=codes.digest(codes.new_code()),
            created_at=asked,
            status=Question.Status.ANSWERED,
            answer=spec["answer"],
            answered_at=answered,
            closed_at=answered,
            is_published=True,
            published_at=answered,
            public_title=spec["public_title"],
        )
    if not Question.objects.filter(status=Question.Status.RECEIVED).exists():
        Question.objects.create(
            topic=topics["Phòng, chống tham nhũng, tiêu cực"],
            asker_name="Nguyễn Văn Mẫu",
            email="nguoihoi@example.vn",
            text="Tôi muốn phản ánh việc chậm giải quyết hồ sơ đất đai ở xã. Gửi phản ánh ở đâu?",
            code_digest=codes.digest(codes.new_code()),
        )
    stdout.write("  hỏi đáp: 4 lĩnh vực, 2 câu hỏi đã trả lời và công khai, 1 câu hỏi chờ xử lý")
