"""A category's published articles in list order, ties by id and the expiry last: the list and
the home page's blocks read their order from the index, and a deep page its ids alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0010_published_order_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="news_article_cat_pub"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["site", "category", "-publish_at", "-id", "expire_at"],
                name="news_article_cat_pub",
            ),
        ),
    ]
