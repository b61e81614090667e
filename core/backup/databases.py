"""The database half of a backup: a consistent copy (pg_dump from an exported snapshot on
PostgreSQL, SQLite's online backup API otherwise), read in that same snapshot, and its
restore into an empty database."""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.db import models, transaction
from simple_history.models import HistoricalChanges

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(CommandError):
    """A backup or restore that cannot be made; the message says why and what to do."""


# --- what is counted and checked --------------------------------------------------------


def tables_by_label():
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _file_columns():
    """(table, column) of every file field of a live model (not the history's copies)."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) or not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model._meta.db_table, field.column


def read_state(cursor, quote_name, existing_tables):
    """Rows per model, applied migrations and referenced files, read through ``cursor``
    (inside the snapshot that is backed up)."""
    counts = {}
    for label, table in sorted(tables_by_label().items()):
        if table in existing_tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")  # noqa: S608 - names from the models
            counts[label] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in existing_tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    referenced = set()
    for table, column in _file_columns():
        if table in existing_tables:
            column = quote_name(column)
            cursor.execute(f"SELECT {column} FROM {quote_name(table)} WHERE {column} <> ''")  # noqa: S608
            referenced.update(name for (name,) in cursor.fetchall() if name)
    return counts, migrations, referenced


# --- PostgreSQL: pg_dump and pg_restore ---------------------------------------------------


def _pg_tool(name):
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
    if not path:
        raise BackupError(f"{name} was not found. Install the PostgreSQL client tools (e.g. postgresql-client).")
    return path


def _pg_tool_version(path):
    command = [path, "--version"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", output)
    if not match:
        raise BackupError(f"Cannot read the version of {path}: {output!r}")
    return int(match.group(1)), output


def _pg_env(connection):
    """Connection settings for pg_dump/pg_restore, the way Django's dbshell passes them."""
    settings_dict = connection.settings_dict
    _args, client_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(client_env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict["OPTIONS"].get("connect_timeout"):
        env["PGCONNECT_TIMEOUT"] = str(settings_dict["OPTIONS"]["connect_timeout"])
    return env


def _pg_run(command, connection):
    # The tools' paths come from PATH, their arguments from the settings: no shell, no user input.
    result = subprocess.run(command, env=_pg_env(connection), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def _dump_postgresql(connection, target):
    pg_dump = _pg_tool("pg_dump")
    tool_major, tool_version = _pg_tool_version(pg_dump)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{pg_dump} is version {tool_major}, the server is version {server_major}: pg_dump must be at least "
            f"as new as the server. Install postgresql-client-{server_major}."
        )
    raw = connection.Database.connect(**connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            # One snapshot for the counts and pg_dump, which imports it.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))")
            existing = {name for (name,) in cursor.fetchall()}
            state = read_state(cursor, connection.ops.quote_name, existing)
            _pg_run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
                connection,
            )
        raw.rollback()
    finally:
        raw.close()
    details = {"format": "pg_dump custom", "server_version": connection.pg_version, "pg_dump": tool_version}
    return details, state


def _restore_postgresql(connection, dump, manifest):
    pg_restore = _pg_tool("pg_restore")
    tool_major, _ = _pg_tool_version(pg_restore)
    dumped_by = manifest["database"].get("pg_dump", "")
    match = re.search(r"\)\s*(\d+)", dumped_by)
    if match and int(match.group(1)) > tool_major:
        raise BackupError(
            f"The backup was made by {dumped_by}; {pg_restore} is version {tool_major} and cannot read it. "
            f"Install postgresql-client-{match.group(1)} or newer."
        )
    _pg_run(
        [
            pg_restore,
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        connection,
    )


def _drop_everything(connection):
    quote_name = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for info in connection.introspection.get_table_list(cursor):
            kind = "VIEW" if info.type == "v" else "TABLE"
            cursor.execute(f"DROP {kind} IF EXISTS {quote_name(info.name)} CASCADE")
        # The functions of the tables' triggers (the search columns, core/search_index.py)
        # outlive the tables; the dump creates them again.
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = ANY(current_schemas(false)) AND p.prorettype = 'trigger'::regtype"
        )
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")


# --- SQLite: the online backup API --------------------------------------------------------


def _dump_sqlite(connection, target):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {name for (name,) in cursor.fetchall()}
        state = read_state(cursor, connection.ops.quote_name, existing)
    finally:
        copy.close()
    return {"format": "sqlite3 online backup", "sqlite_version": sqlite3.sqlite_version}, state


def _restore_sqlite(connection, copy_path):
    connection.ensure_connection()
    copy = sqlite3.connect(copy_path)
    try:
        copy.backup(connection.connection)  # replaces the whole target database
    finally:
        copy.close()


def dump_database(connection, target):
    """Copy the database to ``target``; returns (details for the manifest, (rows per
    model, applied migrations, file names live rows reference)), read in the copied snapshot."""
    dump = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
    return dump(connection, target)


def restore_database(connection, copy, manifest, *, replace):
    """Restore ``copy`` into the database; ``replace``: delete everything in it first."""
    if connection.vendor == "postgresql":
        if replace:
            _drop_everything(connection)
        _restore_postgresql(connection, copy, manifest)
    else:
        _restore_sqlite(connection, copy)  # SQLite's backup API replaces the whole database
