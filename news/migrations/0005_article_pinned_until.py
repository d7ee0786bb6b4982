import datetime

from django.conf import settings
from django.db import migrations, models


def end_existing_pins(apps, schema_editor):
    """Pins made before pins had an end last NEWS_PIN_DAYS from when they were pinned."""
    Article = apps.get_model("news", "Article")
    days = datetime.timedelta(days=settings.NEWS_PIN_DAYS)
    for article in Article.objects.filter(is_pinned=True, pinned_until__isnull=True):
        pinned_at = article.pinned_at or article.publish_at or article.created_at
        Article.objects.filter(pk=article.pk).update(pinned_until=pinned_at + days)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_article_category_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="pinned_until",
            field=models.DateTimeField(
                blank=True,
                help_text="Từ thời điểm này tin thôi dẫn đầu trang chủ. Để trống thì tin được ghim theo số "
                "ngày mặc định của cổng (thường là 7 ngày) tính từ lúc ghim.",
                null=True,
                verbose_name="ghim đến",
            ),
        ),
        migrations.RunPython(end_existing_pins, migrations.RunPython.noop),
    ]
