"""District boundaries (GeoJSON in longitude/latitude) drawn server-side as inline SVG:
no tiles, no scripts, no request to another origin. An equirectangular projection with
the longitude scaled by cos(mean latitude) is exact enough at city scale.

Each district becomes an ``<a>`` with an accessible name; the caller always puts a text
list of the same links beside the map (DESIGN.md, "Maps")."""

import hashlib
import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

from quartier.geo import polygons

WIDTH = 600
PADDING = 12


@dataclass
class Shape:
    """One district to draw: ``css`` picks the style, ``href`` makes it a link."""

    name: str
    boundary: dict
    href: str = ""
    css: str = "map__shape"


def _rings(boundary):
    for polygon in polygons(boundary):
        yield from polygon or []


class Projection:
    """Maps lon/lat into a viewBox ``0 0 WIDTH height`` with ``PADDING`` around the shapes."""

    def __init__(self, boundaries, width=WIDTH, padding=PADDING):
        points = [(p[0], p[1]) for boundary in boundaries for ring in _rings(boundary) for p in ring]
        if not points:
            raise ValueError("nothing to draw")
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        self.min_lon, self.max_lat = min(lons), max(lats)
        self.kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = (max(lons) - self.min_lon) * self.kx
        span_y = self.max_lat - min(lats)
        inner = width - 2 * padding
        self.scale = inner / max(span_x, span_y, 1e-9)
        self.padding = padding
        self.width = width
        # Height follows the shapes' proportions, at least a third of the width.
        self.height = max(round(span_y * self.scale + 2 * padding), width // 3)
        self.offset_x = (inner - span_x * self.scale) / 2
        self.offset_y = (self.height - 2 * padding - span_y * self.scale) / 2

    def point(self, lon, lat):
        x = self.padding + self.offset_x + (lon - self.min_lon) * self.kx * self.scale
        y = self.padding + self.offset_y + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)

    def path(self, boundary):
        parts = []
        for ring in _rings(boundary):
            coords = [self.point(p[0], p[1]) for p in ring]
            parts.append("M" + " L".join(f"{x:g} {y:g}" for x, y in coords) + " Z")
        return " ".join(parts)

    def centre(self, boundary):
        """The centre of the bounding box of the largest ring: a place for a label."""
        rings = list(_rings(boundary))
        ring = max(rings, key=len)
        xs, ys = zip(*(self.point(p[0], p[1]) for p in ring), strict=True)
        return round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1)


def _shape_svg(projection, shape, *, labels):
    path = format_html(
        '<path class="{}" d="{}" fill-rule="evenodd"></path>', shape.css, projection.path(shape.boundary)
    )
    label = ""
    if labels:
        x, y = projection.centre(shape.boundary)
        label = format_html(
            '<text class="map__label" x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}</text>', x, y, shape.name
        )
    if shape.href:
        return format_html(
            '<a href="{}" aria-label="{}"><title>{}</title>{}{}</a>', shape.href, shape.name, shape.name, path, label
        )
    return format_html('<g aria-hidden="true">{}{}</g>', path, label)


# Maps already drawn, by a digest of everything they are drawn from: a map is drawn once
# per change of its shapes (or names, links, title) in each worker process, not per request.
_DRAWN = OrderedDict()
_DRAWN_MAX = 64
_DRAWN_LOCK = threading.Lock()


def _digest(shapes, *args):
    data = [[(s.name, s.boundary, s.href, s.css) for s in shapes], [str(a) for a in args]]
    return hashlib.blake2b(json.dumps(data, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def svg_map(shapes, *, title, map_id, labels=True):
    """An inline SVG of ``shapes`` (those without a drawable boundary are skipped), or ""
    when none can be drawn. ``title`` names the map for assistive technology. Drawn once
    for the same shapes and title (a digest of them keys the maps already drawn)."""
    shapes = list(shapes)
    key = _digest(shapes, title, map_id, labels)
    with _DRAWN_LOCK:
        svg = _DRAWN.get(key)
        if svg is not None:
            _DRAWN.move_to_end(key)
            return svg
    svg = _draw(shapes, title=title, map_id=map_id, labels=labels)
    with _DRAWN_LOCK:
        _DRAWN[key] = svg
        while len(_DRAWN) > _DRAWN_MAX:
            _DRAWN.popitem(last=False)
    return svg


def _draw(shapes, *, title, map_id, labels):
    drawable = [s for s in shapes if list(_rings(s.boundary))]
    if not drawable:
        return ""
    projection = Projection([s.boundary for s in drawable])
    # Context shapes first so the highlighted/linked ones are drawn on top.
    drawable.sort(key=lambda s: 0 if s.css == "map__context" else 1)
    body = format_html_join("\n", "{}", ((_shape_svg(projection, s, labels=labels),) for s in drawable))
    # A picture is an image; a map of links is a group, so its links stay reachable.
    role = "group" if any(s.href for s in drawable) else "img"
    return format_html(
        '<svg class="map" id="{id}" role="{role}" aria-labelledby="{id}-title" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>\n{body}\n</svg>',
        id=map_id,
        role=role,
        w=projection.width,
        h=projection.height,
        title=title,
        body=body,
    )


def overview_map(districts, *, title, map_id="overview-map"):
    """All districts, each a link to its page."""
    return svg_map(
        [Shape(d.name, d.boundary, href=d.get_absolute_url()) for d in districts if d.boundary],
        title=title,
        map_id=map_id,
    )


def outline_map(district, *, others=(), title, map_id="district-map"):
    """One district highlighted; ``others`` drawn in grey around it as context (a picture, no links)."""
    if not district.boundary:
        return ""
    shapes = [Shape(district.name, district.boundary, css="map__current")]
    shapes += [Shape(d.name, d.boundary, css="map__context") for d in others if d.boundary and d.pk != district.pk]
    return svg_map(shapes, title=title, map_id=map_id, labels=False)
