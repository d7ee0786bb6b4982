from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_consultation_permissions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["-issue_date", "-number", "-id"],
                name="doc_pub_network_issue_idx",
            ),
        ),
    ]
