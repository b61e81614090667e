"""Back up the database and the media files into one archive (README.md, "Backup and
restore"). Run it daily from cron; ``make backup`` runs it into ``BACKUP_DIR``."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backup import backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (pg_dump on PostgreSQL, SQLite's online backup "
        "otherwise) and of MEDIA_ROOT, with a manifest, into one .tar.gz archive."
    )
    # A backup must not be held up by a configuration warning of another part of the portal.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "target",
            help="The archive to write (ending in .tar.gz), or a directory: the archive is then named "
            "quartier-backup-YYYYMMDD-HHMMSS.tar.gz (UTC).",
        )
        parser.add_argument(
            "--keep", type=int, help="In a target directory, keep only this many dated archives (the new one included)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: %(default)s).")

    def handle(self, *args, target, keep, database, **options):
        archive, manifest, removed = backup_create(target=target, keep=keep, using=database)
        for name in manifest["missing_files"]:
            self.stderr.write(f"Warning: {name} is named in the database but is missing in MEDIA_ROOT.")
        for path in removed:
            self.stdout.write(f"Removed the old backup {path}")
        rows = sum(manifest["counts"].values())
        media = manifest["media"]
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest['counts'])} tables ({manifest['database']['vendor']}) and "
            f"{len(media['files'])} media files ({media['bytes'] / 1024 / 1024:.1f} MB) to:"
        )
        return str(archive)
