"""``{% load images %}``: show an uploaded image only while its file is there, with its
real size, ``srcset``/``sizes`` and lazy loading."""

from django import template
from django.utils.html import format_html, format_html_join

from core.images import stored_file, web_image

register = template.Library()


@register.filter
def stored_url(obj, fields):
    """The address of the first of ``fields`` (names of image fields of ``obj``,
    separated by spaces, e.g. ``"rendition image"``) whose file is in MEDIA_ROOT, or ""
    if none is: a page shows no broken picture for a missing file, and the log names it."""
    file = stored_file(obj, fields.split())
    return file.url if file else ""


@register.simple_tag
def picture(obj, fields, *, alt, sizes="100vw", lazy=True, css_class=""):
    """``{% picture project_image "rendition image" alt=… sizes="(min-width: 60rem) 30rem, 100vw" %}``:
    an ``<img>`` of the first stored file of ``fields`` (as ``stored_url``) with the width and
    height of that file, so the page keeps its place before the picture arrives, ``srcset``
    and ``sizes`` for the browser's choice, and ``loading="lazy"`` unless ``lazy=False`` (the
    first picture above the fold, which should come at once). Nothing for a missing file."""
    image = web_image(obj, fields.split())
    if image is None:
        return ""
    attributes = [("src", image.url)]
    if image.srcset:
        attributes += [("srcset", image.srcset), ("sizes", sizes)]
    attributes.append(("alt", alt))
    if image.width and image.height:
        attributes += [("width", image.width), ("height", image.height)]
    if css_class:
        attributes.append(("class", css_class))
    if lazy:
        attributes += [("loading", "lazy"), ("decoding", "async")]
    return format_html("<img{}>", format_html_join("", ' {}="{}"', attributes))
