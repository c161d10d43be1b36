"""Keep each story's search vector inside its row on PostgreSQL (storage MAIN), not in TOAST.

Phrase searches and the walk over the newest stories test the vector of every candidate story;
read from TOAST that costs about twice as much as read from the row itself. The body and its
plain-text copy, which only the story page reads, move out of the row instead. Vectors already
stored move in when they are next written: `manage.py rebuild_search_index` rewrites them all.
"""

from django.db import migrations


def storage(kind):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE {kind}")

    return change


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_search_index")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
