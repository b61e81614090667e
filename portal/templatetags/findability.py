"""What search engines and other programs read in a page's head: the canonical address and
schema.org data (JSON-LD) of organisations (``Organization``) and offices (``Place``).

Everything is built from the page's own objects: no query of its own, and nothing that
makes a browser fetch from another origin (``@context`` is a name, never loaded).
"""

from django import template
from django.conf import settings
from django.utils.html import format_html

from core.images import stored_file
from news.templatetags.news_tags import json_ld

register = template.Library()

SCHEMA_ORG = "https://schema.org"


def absolute(path):
    return settings.SITE_URL + path


@register.simple_tag
def canonical_link(obj):
    """``<link rel="canonical">`` with the public address (``SITE_URL``) of ``obj``."""
    return format_html('<link rel="canonical" href="{}">', absolute(obj.get_absolute_url()))


def postal_address(thing):
    if not (thing.street or thing.city):
        return None
    return _without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": thing.street,
            "postalCode": thing.postcode,
            "addressLocality": thing.city,
            "addressCountry": "DE",
        }
    )


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def organisation_data(organisation):
    logo = stored_file(organisation, ["logo_rendition", "logo"])
    return _without_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "Organization",
            "name": organisation.name,
            "alternateName": organisation.short_name,
            "url": absolute(organisation.get_absolute_url()),
            "sameAs": [organisation.website] if organisation.website else [],
            "description": organisation.description[:500],
            "email": organisation.email,
            "telephone": organisation.phone,
            "address": postal_address(organisation),
            "logo": absolute(logo.url) if logo else "",
        }
    )


def office_data(office):
    district = office.district
    return _without_empty(
        {
            "@type": "Place",
            "name": office.name,
            "address": postal_address(office),
            "telephone": office.phone,
            "email": office.email,
            "containedInPlace": {"@type": "Place", "name": district.name, "url": absolute(district.get_absolute_url())},
        }
    )


@register.simple_tag
def organisation_json_ld(organisation):
    return json_ld(organisation_data(organisation))


@register.simple_tag
def offices_json_ld(offices):
    """One block with every office of the page as a ``Place`` (nothing for no office)."""
    places = [office_data(office) for office in offices]
    if not places:
        return ""
    return json_ld({"@context": SCHEMA_ORG, "@graph": places})
