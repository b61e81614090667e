"""Restore a backup made by ``backup_portal`` into an empty database and MEDIA_ROOT
(README.md, "Backup and restore"). ``make restore FILE=…`` runs it."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backup import backup_restore
from core.page_cache import invalidate


class Command(BaseCommand):
    help = (
        "Restore a backup archive (database and media files) into an EMPTY database and MEDIA_ROOT. "
        "The archive's checksums are verified first, the row counts after."
    )
    # The portal may be half configured while it is being restored.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz made by backup_portal (or the folder it was unpacked to).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database or MEDIA_ROOT is not empty: everything in the database is "
            "deleted first, media files of the same name are overwritten.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias (default: %(default)s).")

    def handle(self, *args, archive, force, database, **options):
        manifest, notes = backup_restore(source=archive, force=force, using=database)
        invalidate()  # no page cached before the restore is served after it
        self.stdout.write(
            f"Restored {archive}, made {manifest['created_at']}: {sum(manifest['counts'].values())} rows "
            f"of {len(manifest['counts'])} tables and {len(manifest['media']['files'])} media files; "
            "the row counts match the manifest."
        )
        for note in notes:
            self.stdout.write(note)
