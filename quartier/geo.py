"""District boundaries as GeoJSON in a JSONField: validation here, drawing in
``quartier.maps`` (server-side SVG, no tiles, no GIS stack).

A boundary is drawn on the home page and every district page, so it is limited: at most
``MAX_BYTES`` of JSON, ``MAX_POINTS`` points and ``MAX_DEPTH`` levels of nesting (a
MultiPolygon in a Feature needs 6). The nesting is checked without recursion before
anything parses or serialises the value, which would otherwise fail on deep input.
"""

import json
import logging
import math
import re
from xml.etree import ElementTree

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


# Reading a boundary from a file or from text pasted into the form ----------------------
#
# What geojson.io and QGIS export (a FeatureCollection), a Feature, a bare Polygon or
# MultiPolygon, or a KML file (Google Earth, QGIS, uMap) become one Polygon or
# MultiPolygon: the areas found, in [longitude, latitude] rounded to PRECISION decimals
# (about 10 cm), heights and properties dropped, then checked by ``validate_boundary``
# with the limits above. The uploaded file is read, never stored.

MAX_FILE_BYTES = 2 * 1024 * 1024
PRECISION = 6
REGION_MARGIN_KM = 20
KM_PER_DEGREE = 111.2

FILE_TOO_LARGE = _("The file is %(size)s KB; at most 2.048 KB are accepted.")
NOT_TEXT = _("The file is not a text file. Please upload GeoJSON (.geojson, .json) or KML (.kml).")
KMZ = _("KMZ files are compressed KML. Please unzip it or export the shape as KML or GeoJSON.")
NOT_JSON = _("This is not valid GeoJSON: the JSON breaks off or is malformed in line %(line)s, column %(column)s.")
NOT_KML = _("This is not valid KML: the XML is malformed in line %(line)s.")
KML_DECLARATIONS = _("KML with a DOCTYPE or entity declarations is not accepted. Please export the shape again.")
NO_POLYGON = _(
    "No area found: the GeoJSON or KML holds no Polygon or MultiPolygon (%(found)s). A district's boundary "
    "must be drawn as an area, not as a line or points."
)
NOTHING_FOUND = _("nothing that could be drawn")
FEW_POINTS = _("A ring of the boundary has %(points)s points; a closed ring needs at least four.")
NOT_CLOSED = _("A ring of the boundary is not closed: its last point has to equal its first.")
BAD_POINT = _("%(value)s is not a point: a point is a pair of numbers, [longitude, latitude].")
NOT_DEGREES = _(
    "The coordinates are not in degrees (e.g. %(value)s): the file uses a projected system such as "
    "UTM (EPSG:25832). Please export it in WGS 84 (EPSG:4326)."
)
OUTSIDE_REGION = _(
    "The boundary lies outside the area of the other districts (more than %(km)s km away). Please "
    "check that the file shows this district and uses WGS 84 (EPSG:4326)."
)
SWAPPED = _(
    "The boundary lies outside the area of the other districts, but would lie inside it with longitude "
    "and latitude swapped. GeoJSON and KML write the longitude first: please export it again."
)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _point(point):
    if not isinstance(point, (list, tuple)) or len(point) < 2 or not all(_number(c) for c in point[:2]):
        raise ValidationError(BAD_POINT, code="bad_point", params={"value": json.dumps(point)[:40]})
    lon, lat = point[0], point[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(NOT_DEGREES, code="not_degrees", params={"value": f"{lon:g}, {lat:g}"})
    return [round(lon, PRECISION), round(lat, PRECISION)]


def _ring(ring):
    if not isinstance(ring, (list, tuple)):
        raise ValidationError(BAD_POINT, code="bad_point", params={"value": json.dumps(ring)[:40]})
    points = [_point(point) for point in ring]
    if len(points) < 4:
        raise ValidationError(FEW_POINTS, code="too_few_points", params={"points": len(points)})
    if points[0] != points[-1]:
        raise ValidationError(NOT_CLOSED, code="not_closed")
    return points


def _polygon(rings):
    if not isinstance(rings, (list, tuple)) or not rings:
        raise ValidationError(FEW_POINTS, code="too_few_points", params={"points": 0})
    return [_ring(ring) for ring in rings]


def _found(kinds):
    return ", ".join(sorted(kinds)) if kinds else str(NOTHING_FOUND)


def shape_from_polygons(polygon_list, found=()):
    """One Polygon (or a MultiPolygon for several) from a list of polygons (lists of
    rings), checked with the limits of the field."""
    if not polygon_list:
        raise ValidationError(NO_POLYGON, code="no_polygon", params={"found": _found(set(found))})
    cleaned = [_polygon(rings) for rings in polygon_list]
    shape = (
        {"type": "Polygon", "coordinates": cleaned[0]}
        if len(cleaned) == 1
        else {"type": "MultiPolygon", "coordinates": cleaned}
    )
    validate_boundary(shape)
    return shape


def shape_from_geojson(value):
    """The areas of any GeoJSON object (FeatureCollection, Feature, GeometryCollection,
    Polygon, MultiPolygon) as one Polygon or MultiPolygon; lines and points are left out."""
    if depth(value) > MAX_DEPTH:
        raise ValidationError(TOO_DEEP, code="too_deep")
    found, polygon_list, stack = set(), [], [value]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if kind == "FeatureCollection":
            features = item.get("features")
            stack.extend(reversed(features) if isinstance(features, list) else [])
        elif kind == "Feature":
            stack.append(item.get("geometry"))
        elif kind == "GeometryCollection":
            geometries = item.get("geometries")
            stack.extend(reversed(geometries) if isinstance(geometries, list) else [])
        elif kind == "Polygon":
            polygon_list.append(item.get("coordinates"))
        elif kind == "MultiPolygon":
            coordinates = item.get("coordinates")
            if not isinstance(coordinates, list):
                raise ValidationError(FEW_POINTS, code="too_few_points", params={"points": 0})
            polygon_list.extend(coordinates)
        elif isinstance(kind, str):
            found.add(kind[:40])
    return shape_from_polygons(polygon_list, found)


KML_OTHER_GEOMETRIES = {"Point", "LineString", "LinearRing", "Track", "Model"}


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kml_ring(boundary):
    for element in boundary.iter():
        if _local(element.tag) == "coordinates":
            points = []
            for triple in (element.text or "").split():
                try:
                    points.append([float(part) for part in triple.split(",")[:2]])
                except ValueError:
                    raise ValidationError(BAD_POINT, code="bad_point", params={"value": triple[:40]}) from None
            return points
    return []


def shape_from_kml(data):
    """The Polygons of a KML document (also inside MultiGeometry, Folders, Documents). No
    DOCTYPE or entity declarations: the expansion of entities ("billion laughs") and
    external entities are thereby ruled out before the parser sees the text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT, code="not_text") from None
    if "\x00" in text:
        raise ValidationError(NOT_TEXT, code="not_text")
    lowered = text.lower()
    if "<!doctype" in lowered or "<!entity" in lowered:
        raise ValidationError(KML_DECLARATIONS, code="kml_declarations")
    try:
        # Safe here: UTF-8 text without any declaration (checked above), at most MAX_FILE_BYTES.
        root = ElementTree.fromstring(text.encode())  # noqa: S314
    except ElementTree.ParseError as error:
        raise ValidationError(NOT_KML, code="not_kml", params={"line": error.position[0]}) from None
    polygon_list, in_polygons = [], set()
    for element in root.iter():
        if _local(element.tag) == "Polygon":
            outer = [_kml_ring(b) for b in element if _local(b.tag) == "outerBoundaryIs"]
            inner = [_kml_ring(b) for b in element if _local(b.tag) == "innerBoundaryIs"]
            polygon_list.append(outer[:1] + inner)
            in_polygons.update(id(part) for part in element.iter())
    found = {
        _local(element.tag)
        for element in root.iter()
        if _local(element.tag) in KML_OTHER_GEOMETRIES and id(element) not in in_polygons
    }
    return shape_from_polygons(polygon_list, found)


def shape_from_text(text):
    """A boundary pasted or read as GeoJSON text: the limits of size and nesting first."""
    check_text(text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(NOT_JSON, code="not_json", params={"line": error.lineno, "column": error.colno}) from None
    return shape_from_geojson(value)


def shape_from_file(upload):
    """The boundary in an uploaded GeoJSON or KML file (an ``UploadedFile``)."""
    size = getattr(upload, "size", None) or 0
    if size > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"size": _kb(size)})
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"size": _kb(len(data))})
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".kmz") or data.startswith(b"PK\x03\x04"):
        raise ValidationError(KMZ, code="kmz")
    if name.endswith(".kml") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return shape_from_kml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT, code="not_text") from None
    # The file may be larger than a stored boundary (properties, indentation): its own limit.
    if text_depth(text) > MAX_DEPTH:
        raise ValidationError(TOO_DEEP, code="too_deep")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(NOT_JSON, code="not_json", params={"line": error.lineno, "column": error.colno}) from None
    return shape_from_geojson(value)


def _bbox(boundaries):
    points = [p for boundary in boundaries for rings in polygons(boundary) for ring in rings or [] for p in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _within(box, area):
    return area[0] <= box[0] and area[1] <= box[1] and box[2] <= area[2] and box[3] <= area[3]


def check_region(shape, others, *, margin_km=REGION_MARGIN_KM):
    """The boundary lies within ``margin_km`` of the other districts' boundaries (no check
    without them): catches a file of another place, or longitude and latitude swapped."""
    area, box = _bbox(others), _bbox([shape])
    if area is None or box is None:
        return
    dlat = margin_km / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians((area[1] + area[3]) / 2)), 0.01)
    area = (area[0] - dlon, area[1] - dlat, area[2] + dlon, area[3] + dlat)
    if _within(box, area):
        return
    if _within((box[1], box[0], box[3], box[2]), area):
        raise ValidationError(SWAPPED, code="swapped")
    raise ValidationError(OUTSIDE_REGION, code="outside_region", params={"km": margin_km})
