"""``{% load images %}``: show an uploaded image only while its file is there."""

from django import template

from core.images import stored_file

register = template.Library()


@register.filter
def stored_url(obj, fields):
    """The address of the first of ``fields`` (names of image fields of ``obj``,
    separated by spaces, e.g. ``"rendition image"``) whose file is in MEDIA_ROOT, or ""
    if none is: a page shows no broken picture for a missing file, and the log names it."""
    file = stored_file(obj, fields.split())
    return file.url if file else ""
