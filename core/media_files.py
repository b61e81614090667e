"""Where the files of uploaded images live, and where they go when their row does.

Stored files get random names (``WebImageField.generate_filename``): a file's address
says nothing about the picture or who uploaded it, and nobody can guess the address of
a draft's picture from the file name on the uploader's computer.

A file stays in the public ``MEDIA_ROOT`` only while a live row references it. When a
row is deleted, or its image is replaced or cleared, its files move to
``MEDIA_TRASH_ROOT`` once the transaction has committed (never before: a rolled-back
delete keeps its files). The trash is a private folder the web server does not serve.
History rows still name the files, so restoring an entry (the restore of a deleted
entry, a revert in the history) brings them back: saving a row whose file is in the
trash moves the file back. ``manage.py media_orphans`` lists, and with ``--delete``
tidies, files no row references.

The portal stores its media on the local file system (``FileSystemStorage``); these
helpers work on the two folders directly.
"""

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q

logger = logging.getLogger("quartier.media")


def media_root():
    return Path(settings.MEDIA_ROOT)


def trash_root():
    """``MEDIA_TRASH_ROOT``, by default a folder beside MEDIA_ROOT (``media`` → ``media-trash``)."""
    configured = getattr(settings, "MEDIA_TRASH_ROOT", None)
    if configured:
        return Path(configured)
    media = media_root()
    return media.parent / f"{media.name}-trash"


def image_fields():
    """``(model, [column names])`` for every model with a WebImageField: the image
    fields and their rendition fields."""
    from core.images import WebImageField

    for model in apps.get_models():
        names = []
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, WebImageField):
                names.append(model_field.attname)
                if model_field.rendition_field:
                    names.append(model_field.rendition_field)
        if names:
            yield model, names


def _historical_model(model):
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def referenced_names(*, live=True, history=True):
    """The file names that live rows (and/or history rows) reference."""
    names = set()
    for model, columns in image_fields():
        models = [model] if live else []
        historical = _historical_model(model) if history else None
        if historical is not None:
            models.append(historical)
        for each in models:
            for row in each._base_manager.values_list(*columns):
                names.update(name for name in row if name)
    return names


def in_use(name):
    """Does a live row (of any model with images) reference the file ``name``?"""
    for model, columns in image_fields():
        condition = Q()
        for column in columns:
            condition |= Q(**{column: name})
        if model._base_manager.filter(condition).exists():
            return True
    return False


def _inside(root, name):
    """``root / name``, or None for a name that would leave ``root`` (``..``, absolute)."""
    path = (root / name).resolve()
    return path if root.resolve() in path.parents else None


def _move(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)


def stored(name):
    """Is the file ``name`` in MEDIA_ROOT?"""
    path = _inside(media_root(), name) if name else None
    return bool(path and path.is_file())


def trash(names):
    """Move the files ``names`` that no live row references from MEDIA_ROOT to the
    trash; returns the names moved."""
    moved = []
    for name in sorted({name for name in names if name}):
        source, target = _inside(media_root(), name), _inside(trash_root(), name)
        if source is None or target is None or not source.is_file() or in_use(name):
            continue
        try:
            _move(source, target)
        except OSError as error:
            logger.error("Image file %s could not be moved to the trash: %s", name, error)
            continue
        logger.info("Image file %s moved to the trash (%s)", name, trash_root())
        moved.append(name)
    return moved


def trash_after_commit(names, using=None):
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: trash(names), using=using)


def restore(name):
    """Move ``name`` back from the trash to MEDIA_ROOT (a restored or reverted row
    references it again); True if it was moved."""
    if not name:
        return False
    source, target = _inside(trash_root(), name), _inside(media_root(), name)
    if source is None or target is None or target.exists() or not source.is_file():
        return False
    try:
        _move(source, target)
    except OSError as error:
        logger.error("Image file %s could not be restored from the trash: %s", name, error)
        return False
    logger.info("Image file %s restored from the trash", name)
    return True


def _files(root, min_age):
    if not root.is_dir():
        return
    newest = time.time() - min_age
    for directory, _dirs, files in os.walk(root):
        for file_name in files:
            path = Path(directory, file_name)
            if path.stat().st_mtime <= newest:
                yield path.relative_to(root).as_posix()


@dataclass
class Orphans:
    """What ``media_orphans`` finds; each a sorted list of file names."""

    to_trash: list = field(default_factory=list)  # public, no live row, a history row: moved to the trash
    to_delete: list = field(default_factory=list)  # public, no row at all: deleted
    trash_to_delete: list = field(default_factory=list)  # in the trash, no row at all: deleted
    to_restore: list = field(default_factory=list)  # in the trash, but a live row names it: moved back

    def __bool__(self):
        return bool(self.to_trash or self.to_delete or self.trash_to_delete or self.to_restore)


def find_orphans(min_age=3600):
    """Files in MEDIA_ROOT no live row references, and files in the trash no row
    references at all. Files younger than ``min_age`` seconds are left out: an upload
    being saved has its files before its row is committed."""
    live = referenced_names(history=False)
    history = referenced_names(live=False)
    orphans = Orphans()
    for name in sorted(_files(media_root(), min_age)):
        if name in live:
            continue
        (orphans.to_trash if name in history else orphans.to_delete).append(name)
    for name in sorted(_files(trash_root(), min_age)):
        if name in live:
            if not stored(name):
                orphans.to_restore.append(name)
        elif name not in history:
            orphans.trash_to_delete.append(name)
    return orphans


def tidy(orphans):
    """Carry out what ``find_orphans`` found."""
    trash(orphans.to_trash)
    for name in orphans.to_restore:
        restore(name)
    for root, names in ((media_root(), orphans.to_delete), (trash_root(), orphans.trash_to_delete)):
        for name in names:
            path = _inside(root, name)
            if path is not None:
                path.unlink(missing_ok=True)
                logger.info("Orphaned image file %s deleted", path)
