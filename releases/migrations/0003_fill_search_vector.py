from django.db import migrations

FILL = """
UPDATE releases_pressrelease SET search_vector =
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
 || setweight(to_tsvector('simple', coalesce(standfirst, '')), 'B')
 || setweight(to_tsvector('simple', coalesce(body, '')), 'C')
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0002_search_vector"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
