"""Published articles newest first, ties by id, with the expiry as the last column: every list's
order read straight from the index, and a deep page's ids read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_rebuttal_source_permissions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["site", "status", "-publish_at", "-id", "expire_at"],
                name="news_article_published_order",
            ),
        ),
        migrations.RemoveIndex(model_name="article", name="news_article_status_pub"),
    ]
