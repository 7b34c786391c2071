"""A narrow copy of every release's search vector for matching, on PostgreSQL only.

Finding the releases that match a common word through the release table's own GIN
index visits every heap page of that wide table (14,000 pages at 100,000 releases:
150 ms; the planner preferred a sequential scan, 680 ms). Here each row is an id and a
vector stored out of line (toast_tuple_target, STORAGE EXTERNAL), so the same bitmap
scan visits some 900 pages (17 ms). Triggers keep the copy in step with every write,
whatever path it takes (save(), bulk updates, imports, raw SQL); relevance ranking still
reads the release table's own column. A no-op on SQLite, which has no stored vectors."""

from django.db import migrations

CREATE = [
    """
    CREATE TABLE releases_searchdocument (
        release_id bigint PRIMARY KEY,
        vector tsvector
    ) WITH (toast_tuple_target = 128)
    """,
    "ALTER TABLE releases_searchdocument ALTER COLUMN vector SET STORAGE EXTERNAL",
    """
    INSERT INTO releases_searchdocument (release_id, vector)
    SELECT id, search_vector FROM releases_pressrelease
    """,
    "CREATE INDEX releases_searchdocument_vector ON releases_searchdocument USING gin (vector)",
    """
    CREATE FUNCTION releases_copy_search_vector() RETURNS trigger AS $$
    BEGIN
        INSERT INTO releases_searchdocument (release_id, vector)
        VALUES (NEW.id, NEW.search_vector)
        ON CONFLICT (release_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION releases_drop_search_vector() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE releases_searchdocument;
        ELSE
            DELETE FROM releases_searchdocument WHERE release_id = OLD.id;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER releases_drop_search_vector_on_delete
    AFTER DELETE ON releases_pressrelease
    FOR EACH ROW EXECUTE FUNCTION releases_drop_search_vector()
    """,
    """
    CREATE TRIGGER releases_drop_search_vectors_on_truncate
    AFTER TRUNCATE ON releases_pressrelease
    FOR EACH STATEMENT EXECUTE FUNCTION releases_drop_search_vector()
    """,
    """
    CREATE TRIGGER releases_copy_search_vector_on_insert
    AFTER INSERT ON releases_pressrelease
    FOR EACH ROW EXECUTE FUNCTION releases_copy_search_vector()
    """,
    """
    CREATE TRIGGER releases_copy_search_vector_on_update
    AFTER UPDATE OF search_vector ON releases_pressrelease
    FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION releases_copy_search_vector()
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS releases_drop_search_vectors_on_truncate ON releases_pressrelease",
    "DROP TRIGGER IF EXISTS releases_drop_search_vector_on_delete ON releases_pressrelease",
    "DROP FUNCTION IF EXISTS releases_drop_search_vector()",
    "DROP TRIGGER IF EXISTS releases_copy_search_vector_on_update ON releases_pressrelease",
    "DROP TRIGGER IF EXISTS releases_copy_search_vector_on_insert ON releases_pressrelease",
    "DROP FUNCTION IF EXISTS releases_copy_search_vector()",
    "DROP TABLE IF EXISTS releases_searchdocument",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0010_change_log"),
    ]

    operations = [migrations.RunPython(create, drop)]
