"""The SVG maps (quartier/maps.py) are drawn once per change of their shapes, not per request."""

from unittest import mock

import pytest

from quartier import maps
from quartier.maps import Shape, svg_map

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[7.30, 51.43], [7.32, 51.43], [7.32, 51.45], [7.30, 51.45], [7.30, 51.43]]],
}


@pytest.fixture(autouse=True)
def _nothing_drawn_yet():
    maps._DRAWN.clear()


def draws(shapes, **kwargs):
    """The map and how often it was drawn for it."""
    with mock.patch.object(maps, "_draw", wraps=maps._draw) as draw:
        svg = svg_map(shapes, title=kwargs.pop("title", "Karte"), map_id="karte", **kwargs)
    return svg, draw.call_count


def test_the_same_shapes_are_drawn_once():
    first, count = draws([Shape("Heven", SQUARE, href="/quartiere/heven/")])
    again, count_again = draws([Shape("Heven", SQUARE, href="/quartiere/heven/")])
    assert (count, count_again) == (1, 0)
    assert again == first and "Heven" in again


def test_a_changed_shape_name_link_or_title_is_drawn_anew():
    draws([Shape("Heven", SQUARE, href="/quartiere/heven/")])
    moved = {"type": "Polygon", "coordinates": [[[7.30, 51.43], [7.33, 51.43], [7.33, 51.45], [7.30, 51.43]]]}
    variants = [
        [Shape("Heven", moved, href="/quartiere/heven/")],
        [Shape("Heven-Ost", SQUARE, href="/quartiere/heven/")],
        [Shape("Heven", SQUARE, href="/quartiere/heven-ost/")],
    ]
    for shapes in variants:
        svg, count = draws(shapes)
        assert count == 1
    svg, count = draws([Shape("Heven", SQUARE, href="/quartiere/heven/")], title="Andere Karte")
    assert count == 1 and "Andere Karte" in svg


def test_the_store_of_drawn_maps_is_bounded():
    for n in range(maps._DRAWN_MAX + 10):
        draws([Shape(f"Quartier {n}", SQUARE)])
    assert len(maps._DRAWN) == maps._DRAWN_MAX
