"""``{% load images %}``: show an uploaded image only while its file is there."""

import logging

from django import template

from quartier import media_files

register = template.Library()
logger = logging.getLogger("quartier.media")


@register.filter
def stored_url(obj, fields):
    """The address of the first of ``fields`` (names of image fields of ``obj``,
    separated by spaces, e.g. ``"rendition image"``) whose file is in MEDIA_ROOT, or ""
    if none is: a page shows no broken picture for a missing file, and the log names it."""
    names = [getattr(obj, name, None) for name in fields.split()]
    for file in names:
        if file and media_files.stored(file.name):
            return file.url
    missing = [file.name for file in names if file]
    if missing:
        logger.warning("Image file missing for %s %s: %s", type(obj).__name__, obj.pk, ", ".join(missing))
    return ""
