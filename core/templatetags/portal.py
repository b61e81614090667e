"""Template helpers of the public portal: main navigation, date windows ("start – end"),
money in German style, the plain-text site pages and which organisation a contact person
may be shown with. Query strings for pagination: Django's own ``{% querystring %}``."""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import content
from core.views import visible_object

register = template.Library()

# The main navigation by URL name (the German paths live in the apps' urls.py only); a
# page belongs to the section whose address its own starts with.
HOME = reverse_lazy("portal:home")
NAV_ITEMS = [
    (HOME, _("Home")),
    (reverse_lazy("news:post_list"), _("News")),
    (reverse_lazy("news:event_list"), _("Events")),
    (reverse_lazy("quartier:district_list"), _("Districts")),
    (reverse_lazy("projects:project_list"), _("Projects")),
    (reverse_lazy("partners:organisation_list"), _("Partners")),
    (reverse_lazy("funding:programme_list"), _("Funding programmes")),
    (reverse_lazy("quartier:office_list"), _("Offices")),
    (reverse_lazy("partners:contact_list"), _("Contact persons")),
    (reverse_lazy("membership:request"), _("Join in")),
]


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The navigation items, each with ``current`` set for the section the page belongs to."""
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for href, label in NAV_ITEMS:
        href = str(href)
        current = path == href if href == str(HOME) else path.startswith(href)
        items.append({"href": href, "label": label, "current": current})
    return items


@register.simple_tag
def site_name():
    """The portal's name from the settings, for templates rendered without a context
    (the 500 page); other pages have ``SITE_NAME`` from the context processor."""
    return settings.SITE_NAME


@register.simple_tag(takes_context=True)
def contact_organisation(context, person):
    """The organisation to name beside a contact person: a published one; a draft only in
    the staff preview, never to residents. No query if the caller selected the organisation."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return visible_object(person.organisation, user)


@register.filter
def period(start, end=None):
    """``{{ project.start|period:project.end }}`` -> ``01.09.2023 – 30.06.2026``; an open end
    reads "open-ended", an unknown start "…" (``core.content.period``, which the back
    office's list columns use too)."""
    return content.period(start, end)


@register.filter
def euro(value):
    """``Decimal("600000.00")`` -> ``600.000 €`` in German (thousands grouped, cents only when there are any)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)}\u00a0€"


def linked_line(line):
    """One line of text, escaped, with its e-mail addresses (``mailto:``) and web addresses
    (``https://…``, ``www.…``) as links. Django's ``urlize`` escapes the text and the link
    targets itself; other schemes (``javascript:``) are never linked. ``rel="nofollow"``
    on web links: organisation descriptions may come from a membership request."""
    return mark_safe(urlize(line, nofollow=True, autoescape=True))  # noqa: S308 - urlize escaped it all


@register.filter
def plain_text_blocks(text, heading_level=2):
    """Staff-edited plain text as HTML: a blank line starts a paragraph, a line starting with
    ``## `` is a heading, single line breaks stay line breaks, e-mail and web addresses in
    paragraphs become links. Everything is escaped."""
    if not text:
        return ""
    level = int(heading_level)
    blocks = []
    paragraph = []

    def flush():
        if paragraph:
            lines = format_html_join(mark_safe("<br>\n"), "{}", ((linked_line(line),) for line in paragraph))
            blocks.append(format_html("<p>{}</p>", lines))
            paragraph.clear()

    for raw in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(format_html("<h{0}>{1}</h{0}>", level, line[3:].strip()))
        else:
            paragraph.append(line)
    flush()
    return mark_safe("\n".join(str(block) for block in blocks))  # noqa: S308 - every block is built with format_html


@register.filter
def tel_href(phone):
    """``02302 581-1234`` -> ``tel:023025811234`` (digits and a leading plus only)."""
    phone = str(phone or "").strip()
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:+{digits}" if phone.startswith("+") else f"tel:{digits}"
