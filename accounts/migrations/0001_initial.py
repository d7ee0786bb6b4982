import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The session model, moved here from the ops app with its rows: Django's record of the
    model is created over the existing table (ops_usersession), then the table takes this app's
    name. A fresh database gets the table from ops.0001 first, so both paths end the same."""

    initial = True

    dependencies = [
        ("ops", "0002_move_user_session_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UserSession",
                    fields=[
                        (
                            "session_key",
                            models.CharField(
                                max_length=40, primary_key=True, serialize=False, verbose_name="session key"
                            ),
                        ),
                        ("session_data", models.TextField(verbose_name="session data")),
                        ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="login_sessions",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người dùng",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "phiên đăng nhập",
                        "verbose_name_plural": "phiên đăng nhập",
                        "ordering": ["-expire_date"],
                        "abstract": False,
                        "db_table": "ops_usersession",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="usersession", table=None),
    ]
