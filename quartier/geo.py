"""District boundaries as GeoJSON in a JSONField: validation here, drawing in
``quartier.maps`` (server-side SVG, no tiles, no GIS stack)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
    shapes = polygons(value)
    if not shapes or not all(isinstance(rings, list) and rings and all(_is_ring(r) for r in rings) for rings in shapes):
        raise ValidationError(
            _(
                "Please enter a GeoJSON Polygon or MultiPolygon: closed rings of at least four "
                "[longitude, latitude] points, the first equal to the last."
            ),
            code="invalid_geojson",
        )
