"""Published documents in the list's own order, ties by id: a deep page's ids are read from the
index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_network_list_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="doc_pub_issue_idx"),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["site", "-issue_date", "-number", "-id"],
                name="doc_pub_issue_idx",
            ),
        ),
    ]
