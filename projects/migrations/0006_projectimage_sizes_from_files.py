"""Project images saved before the portal stored their size get it from their file, once:
pages no longer open the files to find it. A missing or unreadable file leaves the size
empty (the page leaves that picture out and the log names it); history rows naming the
same file get the size too, so a restored version has it. Reversing changes nothing: the
sizes stay true."""

import logging

from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import migrations

logger = logging.getLogger("quartier.media")


def store_sizes_from_files(apps, schema_editor):
    ProjectImage = apps.get_model("projects", "ProjectImage")
    HistoricalProjectImage = apps.get_model("projects", "HistoricalProjectImage")
    names = set(ProjectImage.objects.filter(width=None).exclude(image="").values_list("image", flat=True))
    names |= set(HistoricalProjectImage.objects.filter(width=None).exclude(image="").values_list("image", flat=True))
    for name in sorted(names):
        try:
            with default_storage.open(name) as file:
                width, height = get_image_dimensions(file)
        except (OSError, ValueError) as error:
            logger.warning("Image file %s cannot be read, its size stays empty: %s", name, error)
            continue
        if not (width and height):
            logger.warning("Image file %s has no readable size", name)
            continue
        for model in (ProjectImage, HistoricalProjectImage):
            model.objects.filter(image=name, width=None).update(width=width, height=height)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_locking_and_history_relations"),
    ]

    operations = [
        migrations.RunPython(store_sizes_from_files, migrations.RunPython.noop, elidable=True),
    ]
