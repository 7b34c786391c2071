import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class AddPostgresIndex(migrations.AddIndex):
    """A GIN index exists only on PostgreSQL; SQLite keeps the field and skips the index."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            # SQLite rebuilds tables with every index in the model state, this one
            # included (as a plain index): drop it before its column goes.
            schema_editor.execute(f"DROP INDEX IF EXISTS {self.index.name}")


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="pressrelease",
            options={"ordering": ["-date", "-id"], "verbose_name": "press release"},
        ),
        migrations.AddField(
            model_name="pressrelease",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddPostgresIndex(
            model_name="pressrelease",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="release_search_vector"
            ),
        ),
    ]
