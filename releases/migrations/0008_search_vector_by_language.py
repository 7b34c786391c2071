"""Rebuild every stored search vector with its release's own language's text search
configuration (until now every release used `simple`). Data only; a no-op on SQLite,
which stores no vector. The mapping is frozen here as it stood when this ran; later
rows are written by PressRelease.save() and the bulk commands through releases.search."""

from django.db import migrations

CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "ru": "russian",
    "es": "spanish",
}

REBUILD = """
UPDATE releases_pressrelease SET search_vector =
    setweight(to_tsvector({config}, coalesce(title, '')), 'A')
 || setweight(to_tsvector({config}, coalesce(standfirst, '')), 'B')
 || setweight(to_tsvector({config}, coalesce(body, '')), 'C')
"""

SIMPLE = """
UPDATE releases_pressrelease SET search_vector =
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
 || setweight(to_tsvector('simple', coalesce(standfirst, '')), 'B')
 || setweight(to_tsvector('simple', coalesce(body, '')), 'C')
"""


def rebuild_by_language(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    whens = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in CONFIGS.items())
    config = f"(CASE language {whens} ELSE 'simple' END)::regconfig"
    schema_editor.execute(REBUILD.format(config=config))


def rebuild_simple(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SIMPLE)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0007_release_language"),
    ]

    operations = [migrations.RunPython(rebuild_by_language, rebuild_simple)]
