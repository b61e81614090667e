"""District boundaries as GeoJSON in a JSONField: validation here, drawing in
``quartier.maps`` (server-side SVG, no tiles, no GIS stack).

A boundary is drawn on the home page and every district page, so it is limited: at most
``MAX_BYTES`` of JSON, ``MAX_POINTS`` points and ``MAX_DEPTH`` levels of nesting (a
MultiPolygon in a Feature needs 6). The nesting is checked without recursion before
anything parses or serialises the value, which would otherwise fail on deep input.
"""

import json
import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_BYTES = 500 * 1024
MAX_POINTS = 5_000
MAX_DEPTH = 12

TOO_LARGE = _("The boundary is %(size)s KB of GeoJSON; at most 500 KB are allowed.")
TOO_DEEP = _("The GeoJSON is nested too deeply; a Polygon or MultiPolygon needs at most 12 levels.")
TOO_MANY_POINTS = _("The boundary has %(points)s points; at most 5,000 are allowed. Please simplify it.")


def _kb(size):
    return f"{size / 1024:,.0f}".replace(",", ".")


def depth(value):
    """How deeply lists and dicts nest in ``value`` (a scalar is 0); stops counting
    past ``MAX_DEPTH``. Iterative: no RecursionError, however deep."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in item)
    return deepest


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def text_depth(text):
    """How deeply arrays and objects nest in the JSON ``text`` (strings ignored),
    counted on the text, before it is parsed; stops counting past ``MAX_DEPTH``."""
    level = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub('""', text)):
        level += 1 if match.group() in "[{" else -1
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
    return deepest


def check_text(text):
    """The limits of size and nesting for GeoJSON as typed, before ``json.loads``."""
    size = len(text.encode())
    if size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large", params={"size": _kb(size)})
    if text_depth(text) > MAX_DEPTH:
        raise ValidationError(TOO_DEEP, code="too_deep")


def check_value(value):
    """The same limits for a value already parsed (model validation, code)."""
    if depth(value) > MAX_DEPTH:
        raise ValidationError(TOO_DEEP, code="too_deep")
    size = len(json.dumps(value, separators=(",", ":")).encode())
    if size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large", params={"size": _kb(size)})


def _is_ring(ring):
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(point, list)
            and len(point) >= 2
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in point[:2])
            and -180 <= point[0] <= 180
            and -90 <= point[1] <= 90
            for point in ring
        )
        and ring[0][:2] == ring[-1][:2]
    )


def polygons(geometry):
    """The polygons (lists of rings) of a Polygon, MultiPolygon or a Feature holding one."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Feature":
        return polygons(geometry.get("geometry"))
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates")]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    return []


def validate_boundary(value):
    if value in (None, ""):
        return
    check_value(value)
    shapes = polygons(value)
    if not shapes or not all(isinstance(rings, list) and rings and all(_is_ring(r) for r in rings) for rings in shapes):
        raise ValidationError(
            _(
                "Please enter a GeoJSON Polygon or MultiPolygon: closed rings of at least four "
                "[longitude, latitude] points, the first equal to the last."
            ),
            code="invalid_geojson",
        )
    points = sum(len(ring) for rings in shapes for ring in rings)
    if points > MAX_POINTS:
        raise ValidationError(
            TOO_MANY_POINTS, code="too_many_points", params={"points": f"{points:,}".replace(",", ".")}
        )


class BoundaryFormField(forms.JSONField):
    """Checks size and nesting of the typed GeoJSON before parsing it: ``json.loads``
    fails with a RecursionError (a server error) on deeply nested input."""

    def to_python(self, value):
        if isinstance(value, str) and not self.disabled:
            check_text(value)
        return super().to_python(value)

    def bound_data(self, data, initial):
        # The form comes back with what was typed, even if it cannot be parsed.
        if isinstance(data, str):
            try:
                check_text(data)
            except ValidationError:
                return InvalidJSONInput(data)
        return super().bound_data(data, initial)


class BoundaryField(models.JSONField):
    """A JSONField for GeoJSON boundaries, with the limits above in forms and in
    ``full_clean``. It is a plain JSONField to migrations."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def from_db_value(self, value, expression, connection):
        # A boundary stored before the limits existed may nest too deeply to be read:
        # the district is shown without its map rather than every page failing.
        if isinstance(value, str) and text_depth(value) > MAX_DEPTH:
            logger.warning("District boundary nested too deeply to be read; ignored")
            return None
        return super().from_db_value(value, expression, connection)

    def validate(self, value, model_instance):
        if value not in (None, ""):
            check_value(value)  # JSONField.validate serialises the value: RecursionError on deep input
        super().validate(value, model_instance)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": BoundaryFormField, **kwargs})
