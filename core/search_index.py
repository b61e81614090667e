"""GIN expression indexes for the German full-text search (portal/search.py), as a
migration operation used by the ``*_search_index`` migrations of each app.

The indexed expression is exactly what ``SearchVector(*fields, config="german")``
compiles to, so the ``@@`` match of the search can use it. PostgreSQL only: on SQLite
the search falls back to substring matching and the operation does nothing."""

from django.db import migrations


def german_search_indexes(indexes):
    """``indexes``: ``{index_name: (table, (column, ...))}``; returns a reversible RunPython."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for name, (table, columns) in indexes.items():
            document = " || ' ' || ".join(f"COALESCE({quote(column)}, '')" for column in columns)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                f"USING gin ((to_tsvector('german'::regconfig, {document})))"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, drop, elidable=False)
