"""Backup and restore of the whole portal: the database and ``MEDIA_ROOT`` in one archive
(README.md, "Backup and restore"). The commands ``backup_portal`` and ``restore_portal``
are thin wrappers around :func:`backup_create` and :func:`backup_restore`.

An archive is a gzipped tar file, readable only by its owner (it holds personal data):

    manifest.json      time, versions, applied migrations, rows per model, SHA-256 of every file
    database.dump      PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    media/...          every file under MEDIA_ROOT

The database is copied from one consistent snapshot while the portal keeps running; the
rows are counted in that same snapshot (on PostgreSQL pg_dump imports the snapshot the
counting transaction exported). The media files are copied after it, so every file a row
of the snapshot names is in the archive unless it was deleted meanwhile; the manifest lists
such files under ``missing_files`` and the command warns.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from simple_history.models import HistoricalChanges

FORMAT = "quartiersportal-backup"
FORMAT_VERSION = 1
ARCHIVE_PREFIX = "quartier-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
ARCHIVE_NAME = re.compile(r"^quartier-backup-\d{8}-\d{6}\.tar\.gz$")
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(CommandError):
    """A backup or restore that cannot be made; the message says why and what to do."""


# --- what is counted and checked --------------------------------------------------------


def _tables_by_label():
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


def _read_state(cursor, quote_name, existing_tables):
    """Rows per model, applied migrations and referenced files, read through ``cursor``
    (inside the snapshot that is backed up)."""
    counts = {}
    for label, table in sorted(_tables_by_label().items()):
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


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


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
            state = _read_state(cursor, connection.ops.quote_name, existing)
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


# --- SQLite: the online backup API --------------------------------------------------------


def _dump_sqlite(connection, target):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        existing = {name for (name,) in cursor.fetchall()}
        state = _read_state(cursor, connection.ops.quote_name, existing)
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


# --- backup -------------------------------------------------------------------------------


def _archive_path(target, now):
    target = Path(target)
    if target.name.endswith(ARCHIVE_SUFFIX):
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, False
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    return target / f"{ARCHIVE_PREFIX}{now:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}", True


def _copy_media(media_root, destination):
    files = {}
    if not media_root.is_dir():
        return files
    for path in sorted(media_root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        name = path.relative_to(media_root).as_posix()
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with path.open("rb") as source, target.open("wb") as copy:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    copy.write(chunk)
        except FileNotFoundError:  # deleted while we copied: its row is gone too
            target.unlink(missing_ok=True)
            continue
        files[name] = digest.hexdigest()
    return files


def _prune(directory, keep, archive):
    archives = sorted(p for p in directory.iterdir() if ARCHIVE_NAME.match(p.name) and p != archive)
    removed = archives[: max(0, len(archives) - (keep - 1))]
    for path in removed:
        path.unlink()
    return removed


def backup_create(*, target, keep=None, using=DEFAULT_DB_ALIAS):
    """Write an archive of the database and MEDIA_ROOT. ``target`` is the archive's name
    (``….tar.gz``) or a directory, where it is named by the time (UTC). ``keep``: in a
    directory, keep only that many dated archives, the new one included."""
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    if connection.in_atomic_block:
        raise BackupError("Run the backup outside a transaction: uncommitted changes cannot be backed up consistently.")
    if keep is not None and keep < 1:
        raise BackupError("--keep must be 1 or more.")
    now = datetime.datetime.now(datetime.UTC)
    archive, in_directory = _archive_path(target, now)
    if keep is not None and not in_directory:
        raise BackupError("--keep needs a directory as the target, not an archive name.")
    if archive.exists():
        raise BackupError(f"{archive} exists already; it is not overwritten.")

    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=archive.parent) as staging:
        staging = Path(staging)
        database_file = staging / DATABASE_FILES[connection.vendor]
        dump = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
        details, (counts, migrations, referenced) = dump(connection, database_file)
        media = _copy_media(media_root, staging / MEDIA)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(timespec="seconds"),
            "site_name": settings.SITE_NAME,
            "django_version": django.get_version(),
            "database": {
                "vendor": connection.vendor,
                "file": database_file.name,
                "sha256": _sha256(database_file),
                "bytes": database_file.stat().st_size,
                **details,
            },
            "migrations": migrations,
            "counts": counts,
            "media": {
                "root": str(media_root),
                "bytes": sum((staging / MEDIA / name).stat().st_size for name in media),
                "files": media,
            },
            "missing_files": sorted(referenced - set(media)),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")

        partial = archive.with_name(archive.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as file:
                with tarfile.open(fileobj=file, mode="w:gz") as tar:
                    for name in (MANIFEST, database_file.name, MEDIA):
                        if (staging / name).exists():
                            tar.add(staging / name, arcname=name)
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, archive)
        finally:
            partial.unlink(missing_ok=True)
    removed = _prune(archive.parent, keep, archive) if keep else []
    return archive, manifest, removed


# --- restore ------------------------------------------------------------------------------


def _unpack(source, folder):
    source = Path(source)
    if source.is_dir():
        return source
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    try:
        with tarfile.open(source, "r:*") as tar:
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} cannot be read as a backup archive: {error}")
    return Path(folder)


def _read_manifest(folder, source):
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a backup of the portal: it has no {MANIFEST} made by backup_portal.")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(f"{source} was made by a newer version of the portal; restore it with that version.")
    return manifest


def _safe_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The manifest names an unsafe media path: {name!r}")
    return path


def _verify(folder, manifest):
    database = manifest["database"]
    database_file = folder / database["file"]
    if not database_file.is_file() or _sha256(database_file) != database["sha256"]:
        raise BackupError(f"The database file {database['file']} is missing or its checksum does not match.")
    listed = {_safe_name(name).as_posix(): digest for name, digest in manifest["media"]["files"].items()}
    present = {p.relative_to(folder / MEDIA).as_posix() for p in (folder / MEDIA).rglob("*") if p.is_file()}
    if present - set(listed):
        raise BackupError(f"Media files not listed in the manifest: {', '.join(sorted(present - set(listed)))}")
    for name, digest in listed.items():
        if name not in present or _sha256(folder / MEDIA / name) != digest:
            raise BackupError(f"The media file {name} is missing or its checksum does not match.")
    return database_file, listed


def _check_target(connection, media_root, force):
    with connection.cursor() as cursor:
        tables = [info.name for info in connection.introspection.get_table_list(cursor)]
    if tables and not force:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: it has {len(tables)} tables "
            f"(e.g. {', '.join(sorted(tables)[:3])}). Restore only into an empty database (a new one, "
            "e.g. made with createdb), or pass --force to delete everything in it first."
        )
    existing = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
    if existing and not force:
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds {len(existing)} files. Restore into an empty folder, "
            "or pass --force to write the archive's files over them."
        )
    return tables


def _migration_notes(connection):
    executor = MigrationExecutor(connection)
    notes = []
    unknown = sorted(set(executor.loader.applied_migrations) - set(executor.loader.graph.nodes))
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown)
        notes.append(f"The backup comes from a newer version of the portal (migrations unknown here: {names}).")
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        notes.append(f"{len(pending)} migrations of this version are not applied yet: run manage.py migrate.")
    return notes


def backup_restore(*, source, force=False, using=DEFAULT_DB_ALIAS):
    """Restore an archive (or its unpacked folder) into an empty database and MEDIA_ROOT.
    Everything is checked first (format, checksums, database kind, empty target); with
    ``force`` the target database is emptied first and media files are overwritten."""
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="quartier-restore-") as unpacked:
        folder = _unpack(source, unpacked)
        manifest = _read_manifest(folder, source)
        database_file, media = _verify(folder, manifest)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"The backup is of a {vendor} database; it cannot be restored into {connection.vendor}.")
        tables = _check_target(connection, media_root, force)

        if connection.vendor == "postgresql":
            if tables:
                _drop_everything(connection)
            _restore_postgresql(connection, database_file, manifest)
        else:
            _restore_sqlite(connection, database_file)
        for name in media:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / MEDIA / name, target)

    expected = manifest["counts"]
    tables_by_label = _tables_by_label()
    with connection.cursor() as cursor:
        counts, _, _ = _read_state(cursor, connection.ops.quote_name, set(connection.introspection.table_names(cursor)))
    wrong = [
        f"{label}: {counts.get(label)} rows, the backup has {number}"
        for label, number in expected.items()
        if label in tables_by_label and counts.get(label) != number
    ]
    if wrong:
        raise BackupError("The restored database does not match the backup:\n" + "\n".join(wrong))
    return manifest, _migration_notes(connection)
