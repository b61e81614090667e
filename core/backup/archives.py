"""The archive: database copy, media files and manifest in one .tar.gz, written and
restored (see the package's docstring for the layout)."""

import datetime
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from core.backup.databases import (
    DATABASE_FILES,
    BackupError,
    dump_database,
    read_state,
    restore_database,
    tables_by_label,
)
from core.media_files import trash_root

FORMAT = "quartiersportal-backup"
FORMAT_VERSION = 1
ARCHIVE_PREFIX = "quartier-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
ARCHIVE_NAME = re.compile(r"^quartier-backup-\d{8}-\d{6}\.tar\.gz$")
MANIFEST = "manifest.json"
MEDIA = "media"
TRASH = "media-trash"
CHUNK = 1024 * 1024


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- backup -------------------------------------------------------------------------------


def _folders():
    """The folders of files in a backup: (name in the archive and manifest, local folder)."""
    return ((MEDIA, Path(settings.MEDIA_ROOT)), (TRASH, trash_root()))


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

    with tempfile.TemporaryDirectory(prefix=".staging-", dir=archive.parent) as staging:
        staging = Path(staging)
        database_file = staging / DATABASE_FILES[connection.vendor]
        details, (counts, migrations, referenced) = dump_database(connection, database_file)
        files = {name: _copy_media(root, staging / name) for name, root in _folders()}
        media = files[MEDIA]
        for name in sorted(referenced - set(media)):
            if name in files[TRASH]:  # deleted since the snapshot: the snapshot's row needs it
                (staging / MEDIA / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staging / TRASH / name, staging / MEDIA / name)
                media[name] = files[TRASH][name]
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
            **{
                folder: {
                    "root": str(root),
                    "bytes": sum((staging / folder / name).stat().st_size for name in files[folder]),
                    "files": files[folder],
                }
                for folder, root in _folders()
            },
            "missing_files": sorted(referenced - set(media)),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")

        partial = archive.with_name(archive.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as file:
                with tarfile.open(fileobj=file, mode="w:gz") as tar:
                    for name in (MANIFEST, database_file.name, MEDIA, TRASH):
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
    files = {}
    for kind, _root in _folders():
        listed = {
            _safe_name(name).as_posix(): digest for name, digest in manifest.get(kind, {}).get("files", {}).items()
        }
        present = {p.relative_to(folder / kind).as_posix() for p in (folder / kind).rglob("*") if p.is_file()}
        if present - set(listed):
            raise BackupError(f"Files not listed in the manifest: {', '.join(sorted(present - set(listed)))}")
        for name, digest in listed.items():
            if name not in present or _sha256(folder / kind / name) != digest:
                raise BackupError(f"The file {kind}/{name} is missing or its checksum does not match.")
        files[kind] = listed
    return database_file, files


def _check_target(connection, force):
    with connection.cursor() as cursor:
        tables = [info.name for info in connection.introspection.get_table_list(cursor)]
    if tables and not force:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: it has {len(tables)} tables "
            f"(e.g. {', '.join(sorted(tables)[:3])}). Restore only into an empty database (a new one, "
            "e.g. made with createdb), or pass --force to delete everything in it first."
        )
    for kind, root in _folders():
        existing = [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []
        if existing and not force:
            setting = "MEDIA_ROOT" if kind == MEDIA else "MEDIA_TRASH_ROOT"
            raise BackupError(
                f"{setting} ({root}) already holds {len(existing)} files. Restore into an empty folder, "
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
    with tempfile.TemporaryDirectory(prefix="quartier-restore-") as unpacked:
        folder = _unpack(source, unpacked)
        manifest = _read_manifest(folder, source)
        database_file, files = _verify(folder, manifest)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"The backup is of a {vendor} database; it cannot be restored into {connection.vendor}.")
        tables = _check_target(connection, force)

        restore_database(connection, database_file, manifest, replace=bool(tables))
        for kind, root in _folders():
            for name in files[kind]:
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / kind / name, target)

    expected = manifest["counts"]
    labels = tables_by_label()
    with connection.cursor() as cursor:
        counts, _, _ = read_state(cursor, connection.ops.quote_name, set(connection.introspection.table_names(cursor)))
    wrong = [
        f"{label}: {counts.get(label)} rows, the backup has {number}"
        for label, number in expected.items()
        if label in labels and counts.get(label) != number
    ]
    if wrong:
        raise BackupError("The restored database does not match the backup:\n" + "\n".join(wrong))
    return manifest, _migration_notes(connection)
