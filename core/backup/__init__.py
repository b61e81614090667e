"""Backup and restore of the whole portal: the database and ``MEDIA_ROOT`` in one archive
(README.md, "Backup and restore"). The commands ``backup_portal`` and ``restore_portal``
are thin wrappers around :func:`backup_create` and :func:`backup_restore`
(``archives.py``; the database half is in ``databases.py``).

An archive is a gzipped tar file, readable only by its owner (it holds personal data):

    manifest.json      time, versions, applied migrations, rows per model, SHA-256 of every file
    database.dump      PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    media/...          every file under MEDIA_ROOT
    media-trash/...    the files of deleted images, which the history still names
                       (MEDIA_TRASH_ROOT, see core/media_files.py)

The database is copied from one consistent snapshot while the portal keeps running; the
rows are counted in that same snapshot (on PostgreSQL pg_dump imports the snapshot the
counting transaction exported). The media files are copied after it, MEDIA_ROOT before the
trash, so a file a row of the snapshot names is in the archive even if its row was deleted
and the file moved to the trash meanwhile (it is put back under media/). A file that is
still missing is listed under ``missing_files`` in the manifest, and the command warns.
"""

from core.backup.archives import backup_create, backup_restore
from core.backup.databases import BackupError

__all__ = ["BackupError", "backup_create", "backup_restore"]
