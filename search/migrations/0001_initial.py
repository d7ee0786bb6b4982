from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("article", "Tin bài"), ("document", "Văn bản"), ("person", "Thành viên")],
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="mã đối tượng")),
                (
                    "title",
                    models.TextField(blank=True, editable=False, verbose_name="tiêu đề (đã chuẩn hóa)"),
                ),
                (
                    "number",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Các từ của số hiệu và dạng viết liền, ví dụ: “05 kh bcd 5khbcd”.",
                        verbose_name="số hiệu (đã chuẩn hóa)",
                    ),
                ),
                (
                    "body",
                    models.TextField(blank=True, editable=False, verbose_name="nội dung (đã chuẩn hóa)"),
                ),
                (
                    "excerpt",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="Có dấu, không có thẻ HTML.",
                        verbose_name="văn bản gốc cho đoạn trích",
                    ),
                ),
                ("date", models.DateTimeField(blank=True, editable=False, null=True, verbose_name="ngày")),
                (
                    "category",
                    models.CharField(blank=True, editable=False, max_length=200, verbose_name="chuyên mục"),
                ),
                (
                    "document_type",
                    models.CharField(blank=True, editable=False, max_length=200, verbose_name="loại văn bản"),
                ),
                (
                    "issuer",
                    models.CharField(
                        blank=True, editable=False, max_length=200, verbose_name="cơ quan ban hành"
                    ),
                ),
                ("is_live", models.BooleanField(default=False, editable=False, verbose_name="công khai")),
                (
                    "visible_from",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="hiện từ"),
                ),
                (
                    "visible_until",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="hiện đến"),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="lập chỉ mục lúc")),
            ],
            options={
                "verbose_name": "mục chỉ mục tìm kiếm",
                "verbose_name_plural": "chỉ mục tìm kiếm",
                "ordering": ["-date", "-id"],
                "indexes": [models.Index(fields=["kind", "date"], name="search_entry_kind_date")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique_object")
                ],
            },
        ),
    ]
