"""Backup and restore (README.md, "Backup and restore"): a round trip on the database the
tests run on, into a fresh, empty database (PostgreSQL: a database created here; SQLite: a
temporary file), restored by the command an operator runs, in its own process."""

# ruff: noqa: S608 - the SQL here names tables and columns of the models, nothing else

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from core.media_files import trash_root
from funding.tests.factories import FundingFactory
from partners.tests.factories import OrganisationFactory
from projects.models import Project, ProjectImage
from projects.tests.factories import ProjectFactory, ProjectImageFactory
from quartier.tests.factories import DistrictFactory

POSTGRES = connection.vendor == "postgresql"


def _tables():
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def _rows(cursor, sql):
    cursor.execute(sql)
    return [tuple(row) for row in cursor.fetchall()]


def _history_sql(model):
    history = model.history.model
    return f"SELECT * FROM {connection.ops.quote_name(history._meta.db_table)} ORDER BY history_id"


class EmptyDatabase:
    """A fresh database next to the test database; ``url`` for DATABASE_URL, ``cursor()``
    to read what was restored into it."""

    def __init__(self, tmp_path):
        self.settings = connection.settings_dict
        if POSTGRES:
            self.name = f"{self.settings['NAME']}_restore"
            self._admin(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)}")
            self._admin(f"CREATE DATABASE {connection.ops.quote_name(self.name)}")
            auth = quote(self.settings["USER"] or "", safe="")
            if self.settings["PASSWORD"]:
                auth += ":" + quote(self.settings["PASSWORD"], safe="")
            host = self.settings["HOST"] or "localhost"
            port = self.settings["PORT"] or 5432
            self.url = f"postgres://{auth}@{host}:{port}/{self.name}"
        else:
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def _admin(self, sql):
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql)

    def cursor(self):
        if POSTGRES:
            import psycopg2

            raw = psycopg2.connect(
                dbname=self.name,
                user=self.settings["USER"] or None,
                password=self.settings["PASSWORD"] or None,
                host=self.settings["HOST"] or None,
                port=self.settings["PORT"] or None,
            )
            raw.autocommit = True
        else:
            # The same type conversions as Django's own SQLite connection.
            raw = sqlite3.connect(self.name, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        return raw

    def drop(self):
        if POSTGRES:
            self._admin(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)} WITH (FORCE)")


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


def restore_in_own_process(archive, database, media_root, *extra):
    """``manage.py restore_portal`` as an operator runs it: another process, configured
    through the environment."""
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(media_root),
        "MEDIA_TRASH_ROOT": str(media_root.with_name(media_root.name + "-trash")),
        "CONN_MAX_AGE": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-not-a-secret"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore_portal", str(archive), *extra],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_into_an_empty_database(tmp_path, empty_database, editor):
    district = DistrictFactory(name="Annen")
    organisation = OrganisationFactory(name="Nachbarschaftshilfe Annen e.V.")
    project = ProjectFactory(title="Stadtteilgarten")
    project.districts.set([district])
    project.responsible_organisations.set([organisation])
    FundingFactory(project=project, amount=Decimal("12345.67"))
    image = ProjectImageFactory(project=project)
    project.title = "Stadtteilgarten Annen"
    project._history_user = editor
    project.save()

    image_path, rendition_path = Path(image.image.path), Path(image.rendition.path)
    image_bytes, rendition_bytes = image_path.read_bytes(), rendition_path.read_bytes()
    assert image_bytes and rendition_bytes
    # A deleted image: its file waits in the trash for a restore from the history.
    deleted = ProjectImageFactory(project=project)
    deleted_name = deleted.image.name
    deleted_bytes = Path(deleted.image.path).read_bytes()
    deleted.delete()
    assert (trash_root() / deleted_name).read_bytes() == deleted_bytes

    archive = call_command("backup_portal", str(tmp_path / "sicherung.tar.gz"))
    assert archive == str(tmp_path / "sicherung.tar.gz")
    assert Path(archive).stat().st_mode & 0o777 == 0o600  # personal data: only the owner reads it

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["counts"]["projects.Project"] == 1
    assert manifest["counts"]["projects.HistoricalProject"] == Project.history.count() >= 2
    assert manifest["counts"]["funding.Funding"] == 1
    assert "0001_initial" in manifest["migrations"]["projects"]
    assert set(manifest["media"]["files"]) == {image.image.name, image.rendition.name}
    assert deleted_name in manifest["media-trash"]["files"]
    assert manifest["missing_files"] == []

    original_counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            original_counts[table] = _rows(cursor, f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        original_history = {m: _rows(cursor, _history_sql(m)) for m in (Project, ProjectImage)}

    media_root = tmp_path / "restored-media"
    result = restore_in_own_process(archive, empty_database, media_root)
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    raw = empty_database.cursor()
    try:
        cursor = raw.cursor()
        restored_counts = {
            table: _rows(cursor, f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}") for table in _tables()
        }
        assert restored_counts == original_counts
        for model, rows in original_history.items():
            assert _rows(cursor, _history_sql(model)) == rows
        user_column = Project.history.model._meta.get_field("history_user").column
        changes = _rows(
            cursor, f"SELECT title, history_type, {user_column} FROM projects_historicalproject ORDER BY history_id"
        )
        assert changes[0] == ("Stadtteilgarten", "+", None)
        assert changes[-1] == ("Stadtteilgarten Annen", "~", editor.pk)
    finally:
        raw.close()
    assert (media_root / image.image.name).read_bytes() == image_bytes
    assert (media_root / image.rendition.name).read_bytes() == rendition_bytes
    assert (tmp_path / "restored-media-trash" / deleted_name).read_bytes() == deleted_bytes

    # The target now has data: a second restore is refused, and nothing changes ...
    again = restore_in_own_process(archive, empty_database, media_root)
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert "--force" in again.stderr
    # ... unless it is forced: then the database is replaced, not added to.
    forced = restore_in_own_process(archive, empty_database, media_root, "--force")
    assert forced.returncode == 0, forced.stderr
    raw = empty_database.cursor()
    try:
        cursor = raw.cursor()
        assert _rows(cursor, "SELECT COUNT(*) FROM projects_project") == [(1,)]
        assert _rows(cursor, "SELECT COUNT(*) FROM projects_historicalproject") == [(Project.history.count(),)]
    finally:
        raw.close()


@pytest.mark.django_db(transaction=True)
def test_a_directory_target_gets_a_dated_archive_and_keep_removes_the_oldest(tmp_path):
    target = tmp_path / "sicherungen"
    target.mkdir()
    for day in ("20200101", "20200102", "20200103"):
        (target / f"quartier-backup-{day}-020000.tar.gz").write_bytes(b"old")
    (target / "notizen.txt").write_text("bleibt")

    archive = Path(call_command("backup_portal", str(target), "--keep", "2"))
    assert archive.parent == target
    assert archive.name.startswith("quartier-backup-")
    assert sorted(p.name for p in target.iterdir()) == [
        "notizen.txt",
        "quartier-backup-20200103-020000.tar.gz",
        archive.name,
    ]


@pytest.mark.django_db
def test_a_backup_inside_an_open_transaction_is_refused():
    # Uncommitted rows would be missing from pg_dump's snapshot (and present in SQLite's):
    # the command runs only outside a transaction, as from cron.
    with pytest.raises(CommandError, match="transaction"):
        call_command("backup_portal", "/nonexistent/x.tar.gz")


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path, settings):
    ProjectImageFactory()
    archive = Path(call_command("backup_portal", str(tmp_path / "ok.tar.gz")))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.isfile() and member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(member, None if data is None else io.BytesIO(data))
    settings.MEDIA_ROOT = tmp_path / "other-media"
    projects_before = Project.objects.count()
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore_portal", str(damaged), "--force")
    assert Project.objects.count() == projects_before
    assert not (tmp_path / "other-media").exists()


@pytest.mark.django_db
def test_a_file_that_is_no_backup_is_refused(tmp_path):
    folder = tmp_path / "archiv"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore_portal", str(folder))
    (tmp_path / "urlaub.tar.gz").write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore_portal", str(tmp_path / "urlaub.tar.gz"))
