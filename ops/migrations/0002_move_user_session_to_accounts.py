from django.db import migrations


class Migration(migrations.Migration):
    """The session model now belongs to the accounts app. Only Django's record of it leaves
    here: the table and its rows stay, and accounts.0001 takes them over."""

    dependencies = [
        ("ops", "0001_user_session"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UserSession")],
            database_operations=[],
        ),
    ]
