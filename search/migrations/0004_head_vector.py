"""PostgreSQL: the words column becomes lexemes only, and the title+number column (with its
GIN index) is added — see search/fulltext.py. Nothing to do on other databases."""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {fulltext.GIN_INDEX}")
            cursor.execute(f"ALTER TABLE {fulltext.TABLE} DROP COLUMN IF EXISTS {fulltext.VECTOR_COLUMN}")
    fulltext.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_recent_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
