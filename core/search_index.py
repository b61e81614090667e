"""The stored search columns of the site search (portal/search.py), as migration operations.

PostgreSQL only (on SQLite the search matches the fields with ``icontains`` and these
operations do nothing). ``search_columns`` gives each searchable table two columns that
Django does not know about (they are never written or read through a model field):

- ``search_text`` (``text``): all the fields (A, B and C) joined by spaces and lower-cased,
  with a trigram GIN index ``<table>_search_trgm`` (``gin_trgm_ops``, extension ``pg_trgm``)
  that serves the match, ``LIKE '%garten%'`` for each word: whole words and the parts of
  German compounds ("Garten" finds "Quartiersgarten"), the same rule as SQLite's
  ``icontains``, so both databases find the same;
- ``search_document`` (``tsvector``): ``to_tsvector('german', ...)`` of the short fields,
  weighted A (title or name) and B (code, teaser, role, unit), for the ranking
  (``ts_rank``: a word in the title first, then in the teaser, then elsewhere). The long
  texts (C) stay out: they would only make each row's ranking slower (the vector of a long
  description is read from TOAST for every match of a common word) and rank no better.

A ``BEFORE INSERT OR UPDATE`` trigger (``<table>_search_fill``) fills both on every write,
including ``bulk_create`` and ``QuerySet.update`` which bypass ``save()``. It is a trigger
rather than a generated column because PostgreSQL refuses to change the type of a column a
generated column uses (a longer ``max_length`` would fail); the trigger function reads the
row at run time. A migration that renames or removes one of the fields must run
``search_columns`` again with the new field list (``CREATE OR REPLACE`` the function).

The earlier GIN expression indexes (``*_search_index`` migrations, ``german_search_indexes``)
recomputed ``to_tsvector`` for every matching row to rank it: 737 ms for "Innenstadt" at
10,000 projects. ``search_columns`` drops them.
"""

from django.db import migrations

WEIGHTS = ("A", "B")


def _joined(fields, row=""):
    return " || ' ' || ".join(f"COALESCE({row}{field}, '')" for field in fields)


def _create_expression_indexes(schema_editor, indexes):
    quote = schema_editor.quote_name
    for name, (table, columns) in indexes.items():
        document = _joined([quote(column) for column in columns])
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ((to_tsvector('german'::regconfig, {document})))"
        )


def _drop_indexes(schema_editor, names):
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def german_search_indexes(indexes):
    """``indexes``: ``{index_name: (table, (column, ...))}``; returns a reversible RunPython
    creating GIN expression indexes (the first search, kept for the old migrations)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            _create_expression_indexes(schema_editor, indexes)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            _drop_indexes(schema_editor, indexes)

    return migrations.RunPython(create, drop, elidable=False)


def search_function_sql(table, weighted_fields, quote):
    """The trigger function filling ``search_document`` (weights A and B) and ``search_text``
    (all fields) of ``table``."""
    fields = [field for group in weighted_fields for field in group]
    document = " || ".join(
        f"setweight(to_tsvector('german'::regconfig, {_joined([quote(f) for f in group], 'NEW.')}), '{weight}')"
        for weight, group in zip(WEIGHTS[:2], weighted_fields[:2], strict=False)
        if group
    )
    text = _joined([quote(field) for field in fields], "NEW.")
    return (
        f"CREATE OR REPLACE FUNCTION {quote(table + '_search_fill')}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n"
        f"  NEW.search_document := {document};\n"
        f"  NEW.search_text := lower(translate({text}, 'ÄÖÜ', 'äöü'));\n"
        f"  RETURN NEW;\n"
        f"END $$"
    )


def search_columns(tables, *, replaces=None):
    """``tables``: ``{table: ((A fields), (B fields), (C fields))}``. Adds the columns, the
    trigger and the trigram index to each table and fills the columns of existing rows;
    drops the old expression indexes ``replaces`` (as given to ``german_search_indexes``).
    The reverse removes all that and rebuilds the old indexes."""
    replaces = replaces or {}

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _drop_indexes(schema_editor, replaces)
        for table, weighted_fields in tables.items():
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS search_document tsvector, "
                f"ADD COLUMN IF NOT EXISTS search_text text"
            )
            # Uncompressed: the match reads search_text of every candidate row, and
            # decompressing long texts cost a quarter of the CPU time of a common word.
            schema_editor.execute(f"ALTER TABLE {quote(table)} ALTER COLUMN search_text SET STORAGE EXTERNAL")
            schema_editor.execute(search_function_sql(table, weighted_fields, quote))
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(table + '_search_fill')} ON {quote(table)}")
            schema_editor.execute(
                f"CREATE TRIGGER {quote(table + '_search_fill')} BEFORE INSERT OR UPDATE ON {quote(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION {quote(table + '_search_fill')}()"
            )
            # The trigger fills both columns; the names are the migrations' constants.
            schema_editor.execute(f"UPDATE {quote(table)} SET search_text = NULL")  # noqa: S608
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(table + '_search_trgm')} ON {quote(table)} "
                f"USING gin (search_text gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(table + '_search_fill')} ON {quote(table)}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {quote(table + '_search_fill')}()")
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS search_document, DROP COLUMN IF EXISTS search_text"
            )
        _create_expression_indexes(schema_editor, replaces)

    return migrations.RunPython(create, drop, elidable=False)
