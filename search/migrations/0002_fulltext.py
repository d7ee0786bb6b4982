"""Full-text structures for the entry table, per database (see search/fulltext.py).

Not Django fields: PostgreSQL gets a generated tsvector column and a GIN index, SQLite an FTS5
table with triggers. On any other database this migration does nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    fulltext.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from search import fulltext

    fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
