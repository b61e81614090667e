"""The server-drawn SVG maps: projection into the viewBox, MultiPolygons, districts
without a boundary, escaping and accessible names."""

import re
from xml.etree import ElementTree

import pytest

from core.tests.html import find_elements
from quartier.maps import WIDTH, Projection, Shape, outline_map, overview_map, svg_map
from quartier.models import District

SVG = "{http://www.w3.org/2000/svg}"


def square(x, y, size=0.01):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


def numbers(path):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]


def viewbox(svg):
    return [float(n) for n in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]


def test_coordinates_map_into_the_viewbox_with_north_up():
    west, east = square(7.30, 51.43), square(7.40, 51.46)
    projection = Projection([west, east])
    for boundary in (west, east):
        xs_ys = numbers(projection.path(boundary))
        xs, ys = xs_ys[0::2], xs_ys[1::2]
        assert all(0 <= x <= projection.width for x in xs)
        assert all(0 <= y <= projection.height for y in ys)
    # East is right of west; north (higher latitude) is higher up (smaller y).
    assert projection.point(7.40, 51.43)[0] > projection.point(7.30, 51.43)[0]
    assert projection.point(7.30, 51.46)[1] < projection.point(7.30, 51.43)[1]
    # The shapes fill the width between the paddings.
    assert projection.point(7.30, 51.43)[0] == pytest.approx(12, abs=0.2)
    assert projection.point(7.41, 51.47)[0] == pytest.approx(WIDTH - 12, abs=0.2)


def test_longitude_is_scaled_by_the_cosine_of_the_latitude():
    # 0.02 degrees east-west at 51.4 N is about 0.0125 degrees north-south in length.
    projection = Projection(
        [{"type": "Polygon", "coordinates": [[[7.0, 51.4], [7.02, 51.4], [7.02, 51.42], [7.0, 51.4]]]}]
    )
    x0, y0 = projection.point(7.0, 51.4)
    x1, _ = projection.point(7.02, 51.4)
    _, y1 = projection.point(7.0, 51.42)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(0.62, abs=0.02)


def test_multipolygon_draws_one_subpath_per_ring():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(7.30, 51.43)["coordinates"], square(7.35, 51.44)["coordinates"]],
    }
    svg = svg_map([Shape("Zweiteilig", multi, href="/quartiere/zweiteilig/")], title="Karte", map_id="m")
    (shape,) = find_elements(svg, "path")
    path = dict(shape.attributes)["d"]
    assert path.count("M") == 2
    assert path.count("Z") == 2


def test_feature_wrapping_a_polygon_is_drawn():
    feature = {"type": "Feature", "properties": {}, "geometry": square(7.3, 51.4)}
    assert find_elements(svg_map([Shape("F", feature)], title="Karte", map_id="m"), "path")


def test_districts_without_boundary_are_skipped_and_nothing_drawable_gives_no_map():
    svg = svg_map(
        [Shape("Mit Grenze", square(7.3, 51.4), href="/a/"), Shape("Ohne", None, href="/b/")],
        title="Karte",
        map_id="m",
    )
    (link,) = find_elements(svg, "a")
    assert dict(link.attributes)["href"] == "/a/"
    assert "Ohne" not in svg
    assert svg_map([Shape("Ohne", None), Shape("Kaputt", {"type": "Point"})], title="Karte", map_id="m") == ""


def test_names_and_titles_are_escaped():
    svg = svg_map(
        [Shape('<script>alert("x")</script>', square(7.3, 51.4), href="/quartiere/a/")],
        title="Karte & <Legende>",
        map_id="m",
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Karte &amp; &lt;Legende&gt;" in svg


def test_links_have_accessible_names_and_the_svg_is_labelled():
    svg = svg_map([Shape("Innenstadt", square(7.3, 51.4), href="/quartiere/innenstadt/")], title="Karte", map_id="m")
    root = ElementTree.fromstring(svg)  # noqa: S314 - the portal's own SVG; attributes compared in any order
    assert {"role": "group", "aria-labelledby": "m-title"}.items() <= root.attrib.items()
    title = root.find(f"{SVG}title")
    assert (title.attrib, title.text) == ({"id": "m-title"}, "Karte")
    (link,) = root.iter(f"{SVG}a")
    assert link.attrib == {"href": "/quartiere/innenstadt/", "aria-label": "Innenstadt"}
    assert viewbox(svg)[:3] == [0, 0, WIDTH]


@pytest.mark.django_db
def test_overview_and_outline_maps_from_districts():
    a = District(name="Nord", slug="nord", boundary=square(7.3, 51.45))
    b = District(name="Süd", slug="sued", boundary=square(7.3, 51.40))
    c = District(name="Ohne Grenze", slug="ohne")
    a.pk, b.pk, c.pk = 1, 2, 3
    overview = overview_map([a, b, c], title="Übersicht")
    assert [dict(link.attributes)["href"] for link in find_elements(overview, "a")] == [
        "/quartiere/nord/",
        "/quartiere/sued/",
    ]
    outline = outline_map(a, others=[a, b, c], title="Umriss")
    # The district itself is highlighted, the others are grey context without links.
    assert len(find_elements(outline, "path", class_="map__current")) == 1
    assert len(find_elements(outline, "path", class_="map__context")) == 1
    assert outline.count('class="map__') == 2
    assert "<a " not in outline and not find_elements(outline, "a")
    assert find_elements(outline, "svg", role="img")
    assert outline_map(c, others=[a, b], title="Umriss") == ""
