"""GIN expression index for the German full-text search (quartier/search.py).

The indexed expression is exactly what ``SearchVector(*fields, config="german")`` compiles
to, so the ``@@`` match of the search can use it. PostgreSQL only: on SQLite the search
falls back to substring matching and this migration does nothing."""

from django.db import migrations

INDEXES = {'funding_programme_search': ('funding_fundingprogramme', ('name', 'short_name', 'summary', 'description'))}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        document = " || ' ' || ".join(f"COALESCE({schema_editor.quote_name(column)}, '')" for column in columns)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON {schema_editor.quote_name(table)} "
            f"USING gin ((to_tsvector('german'::regconfig, {document})))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [('funding', '0002_initial')]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
