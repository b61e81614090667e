"""The district boundaries of the fictional city of Ruhrbach, drawn as a patchwork.

The city is laid out in three rings around a centre near lon 7.33, lat 51.44: the city
centre, four districts around it and four outer districts, each ring cut into sectors
along twelve directions. Neighbours share the very same corner points, so the shapes fit
together without gaps or overlaps; the radii and angles wobble a little so that the map
does not look like a dartboard. Rings run counter-clockwise (RFC 7946).
"""

import math

CENTRE_LON, CENTRE_LAT = 7.33, 51.44
KM_PER_DEGREE_LAT = 111.2
KM_PER_DEGREE_LON = KM_PER_DEGREE_LAT * math.cos(math.radians(CENTRE_LAT))
STEPS = 12  # directions, 30 degrees apart, the first at 15 degrees (east-north-east)
STRETCH = 1.3  # the city follows the valley: wider east-west than north-south

# Radius (km) and a small turn (degrees) of each corner, per ring and direction.
RADII = (
    (0.80, 0.95, 0.85, 0.75, 0.90, 0.80, 0.70, 0.85, 0.95, 0.80, 0.70, 0.90),
    (2.00, 2.35, 2.10, 1.90, 2.25, 2.05, 1.85, 2.20, 2.40, 2.00, 1.95, 2.30),
    (3.40, 3.90, 3.60, 3.20, 3.70, 4.00, 3.30, 3.50, 3.10, 3.60, 3.95, 3.45),
)
TURNS = (
    (0, 4, -3, 2, -4, 3, 0, -2, 4, -3, 2, 0),
    (3, -5, 2, 6, -3, 0, 5, -4, 2, -6, 3, -2),
    (-4, 6, -2, 3, 5, -6, 2, 4, -3, 0, -5, 6),
)


def _corner(ring, step):
    step %= STEPS
    angle = math.radians(15 + 30 * step + TURNS[ring][step])
    radius = RADII[ring][step]
    x, y = STRETCH * radius * math.cos(angle), radius * math.sin(angle)
    return [round(CENTRE_LON + x / KM_PER_DEGREE_LON, 5), round(CENTRE_LAT + y / KM_PER_DEGREE_LAT, 5)]


def _polygon(points):
    return {"type": "Polygon", "coordinates": [[*points, points[0]]]}


def centre():
    """The city centre: the innermost ring, twelve corners."""
    return _polygon([_corner(0, step) for step in range(STEPS)])


def sector(ring, first_step, steps=3):
    """The part of ``ring`` (1 or 2) between direction ``first_step`` and ``first_step + steps``:
    its outer edge counter-clockwise, then its inner edge back (eight corners for three steps)."""
    outer = [_corner(ring, first_step + i) for i in range(steps + 1)]
    inner = [_corner(ring - 1, first_step + i) for i in range(steps, -1, -1)]
    return _polygon(outer + inner)
