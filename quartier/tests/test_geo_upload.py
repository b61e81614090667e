"""A district's boundary from a file (GeoJSON as geojson.io and QGIS export it, KML) or
pasted into the field: converted to the stored Polygon or MultiPolygon with the field's
limits, each wrong input named in German (issue 12, point 2)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.tests.admin_form import admin_form_data
from quartier import geo
from quartier.models import District
from quartier.tests.factories import SQUARE, DistrictFactory

RING = SQUARE["coordinates"][0]
NEAR = [[[7.33, 51.44], [7.34, 51.44], [7.34, 51.45], [7.33, 51.45], [7.33, 51.44]]]
POLYGON = {"type": "Polygon", "coordinates": NEAR}


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def kml(*placemarks, declaration=""):
    body = "".join(f"<Placemark><name>Teil {n}</name>{p}</Placemark>" for n, p in enumerate(placemarks))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{declaration}'
        f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'
    ).encode()


def kml_polygon(ring, holes=()):
    def coords(points):
        return " ".join(f"{lon},{lat},0" for lon, lat in points)

    inner = "".join(
        f"<innerBoundaryIs><LinearRing><coordinates>{coords(h)}</coordinates></LinearRing></innerBoundaryIs>"
        for h in holes
    )
    return (
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>\n  {coords(ring)}\n</coordinates>"
        f"</LinearRing></outerBoundaryIs>{inner}</Polygon>"
    )


def upload(content, name="grenze.geojson"):
    if isinstance(content, dict):
        content = json.dumps(content, indent=2)
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def code_of(call, *args):
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value.code


# Conversion ------------------------------------------------------------------------------


def test_feature_collection_from_geojson_io_becomes_a_polygon():
    value = collection(feature(POLYGON, name="Heven-Ost", fill="#555"))
    assert geo.shape_from_file(upload(value)) == POLYGON


def test_several_areas_become_a_multipolygon_and_points_are_left_out():
    other = [[[round(p[0] + 0.02, 6), p[1]] for p in NEAR[0]]]
    value = collection(
        feature(POLYGON),
        feature({"type": "Point", "coordinates": [7.3, 51.4]}),
        feature({"type": "MultiPolygon", "coordinates": [other]}),
    )
    assert geo.shape_from_file(upload(value)) == {"type": "MultiPolygon", "coordinates": [NEAR, other]}


@pytest.mark.parametrize(
    "value",
    [POLYGON, feature(POLYGON), {"type": "MultiPolygon", "coordinates": [NEAR]}, collection(feature(POLYGON))],
    ids=["Polygon", "Feature", "MultiPolygon-of-one", "FeatureCollection"],
)
def test_each_geojson_kind_is_read(value):
    shape = geo.shape_from_file(upload(value))
    assert shape["coordinates"] in (NEAR, [NEAR])


def test_heights_are_dropped_and_coordinates_rounded():
    ring = [[lon + 0.0000001234, lat, 112.5] for lon, lat in NEAR[0]]
    ring[-1] = ring[0]
    shape = geo.shape_from_file(upload({"type": "Polygon", "coordinates": [ring]}))
    assert shape == POLYGON


def test_qgis_export_with_crs_member_and_bom_is_read():
    value = collection(feature(POLYGON, fid=1))
    value["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    data = b"\xef\xbb\xbf" + json.dumps(value).encode()
    assert geo.shape_from_file(upload(data, "heven.json")) == POLYGON


def test_kml_polygon_with_a_hole_is_read():
    hole = [[7.334, 51.444], [7.336, 51.444], [7.336, 51.446], [7.334, 51.444]]
    shape = geo.shape_from_file(upload(kml(kml_polygon(NEAR[0], [hole])), "heven.kml"))
    assert shape == {"type": "Polygon", "coordinates": [NEAR[0], hole]}


def test_kml_multigeometry_becomes_a_multipolygon():
    other = [[round(p[0] + 0.02, 6), p[1]] for p in NEAR[0]]
    data = kml(f"<MultiGeometry>{kml_polygon(NEAR[0])}{kml_polygon(other)}</MultiGeometry>")
    assert geo.shape_from_file(upload(data, "teile.kml")) == {"type": "MultiPolygon", "coordinates": [NEAR, [other]]}


def test_kml_is_recognised_without_its_extension():
    assert geo.shape_from_file(upload(kml(kml_polygon(NEAR[0])), "export.txt")) == POLYGON


# What is refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        ('{"type": "Polygon", "coordinates": [[', "g.geojson", "not_json"),
        (b"\xff\xfe\x00\x01binary", "g.geojson", "not_text"),
        (b"PK\x03\x04zip", "g.kmz", "kmz"),
        (
            collection(feature({"type": "LineString", "coordinates": [[7.3, 51.4], [7.4, 51.5]]})),
            "l.geojson",
            "no_polygon",
        ),
        (collection(), "leer.geojson", "no_polygon"),
        ({"type": "Polygon", "coordinates": [RING[:3]]}, "g.geojson", "too_few_points"),
        ({"type": "Polygon", "coordinates": [[*RING[:4], [7.31, 51.44]]]}, "g.geojson", "not_closed"),
        ({"type": "Polygon", "coordinates": [[[7.3, "51"], *RING[1:]]]}, "g.geojson", "bad_point"),
        ({"type": "Polygon", "coordinates": [[[380000, 5700000]] * 5]}, "utm.geojson", "not_degrees"),
        ("<kml><Document><Placemark>", "kaputt.kml", "not_kml"),
        (kml("<Point><coordinates>7.3,51.4</coordinates></Point>"), "punkt.kml", "no_polygon"),
        ("[" * 50 + "]" * 50, "tief.geojson", "too_deep"),
    ],
    ids=[
        "not-json",
        "not-text",
        "kmz",
        "line-only",
        "empty-collection",
        "three-points",
        "open-ring",
        "string-coordinate",
        "utm-metres",
        "broken-xml",
        "kml-point-only",
        "too-deep",
    ],
)
def test_wrong_files_are_refused_with_their_reason(content, name, code):
    assert code_of(geo.shape_from_file, upload(content, name)) == code


def test_kml_with_entity_declarations_is_refused_before_parsing():
    laughs = '<!DOCTYPE kml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    assert code_of(geo.shape_from_file, upload(kml(kml_polygon(NEAR[0]), declaration=laughs), "lol.kml")) == (
        "kml_declarations"
    )
    external = '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    assert code_of(geo.shape_from_file, upload(kml("<name>&xxe;</name>", declaration=external), "x.kml")) == (
        "kml_declarations"
    )


def test_a_file_over_2_mb_is_not_read():
    big = upload(b" " * (geo.MAX_FILE_BYTES + 1))
    assert code_of(geo.shape_from_file, big) == "file_too_large"


def test_a_file_within_2_mb_whose_shape_has_too_many_points_is_refused():
    ring = [[7.3 + 0.00001 * i, 51.44 + 0.00001 * (i % 7)] for i in range(6_000)]
    ring.append(ring[0])
    assert code_of(geo.shape_from_file, upload({"type": "Polygon", "coordinates": [ring]})) == "too_many_points"


def test_region_outside_and_swapped():
    others = [SQUARE]
    geo.check_region(POLYGON, others)  # a few km away: fine
    far = {"type": "Polygon", "coordinates": [[[p[0] + 3, p[1]] for p in NEAR[0]]]}
    swapped = {"type": "Polygon", "coordinates": [[[p[1], p[0]] for p in NEAR[0]]]}
    assert code_of(geo.check_region, far, others) == "outside_region"
    assert code_of(geo.check_region, swapped, others) == "swapped"
    geo.check_region(far, [])  # the first district: nothing to compare with


def test_the_messages_are_german():
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        geo.shape_from_file(upload(collection(), "leer.geojson"))
    assert caught.value.messages == [
        translation.gettext(geo.NO_POLYGON) % {"found": translation.gettext(geo.NOTHING_FOUND)}
    ]


# The back office form --------------------------------------------------------------------


def _change_url(district):
    return reverse("admin:quartier_district_change", args=[district.pk])


def _post(client, district, *, text=None, file=None):
    url = _change_url(district)
    data = admin_form_data(client.get(url), District)
    if text is not None:
        data["boundary"] = text
    if file is not None:
        data["boundary_file"] = file
    return client.post(url, data)


@pytest.mark.django_db
def test_editor_uploads_a_feature_collection(client_for, editor):
    DistrictFactory(boundary=SQUARE)
    district = DistrictFactory(boundary=None)
    response = _post(client_for(editor), district, file=upload(collection(feature(POLYGON, name="x"))))
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.boundary == POLYGON


@pytest.mark.django_db
def test_editor_uploads_kml(client_for, editor):
    district = DistrictFactory(boundary=SQUARE)
    response = _post(client_for(editor), district, file=upload(kml(kml_polygon(NEAR[0])), "heven.kml"))
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.boundary == POLYGON


@pytest.mark.django_db
def test_pasted_feature_collection_is_accepted(client_for, editor):
    district = DistrictFactory(boundary=None)
    response = _post(client_for(editor), district, text=json.dumps(collection(feature(POLYGON))))
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.boundary == POLYGON


@pytest.mark.django_db
def test_an_empty_field_clears_the_boundary(client_for, editor):
    district = DistrictFactory(boundary=SQUARE)
    assert _post(client_for(editor), district, text="").status_code == 302
    district.refresh_from_db()
    assert district.boundary is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        ("kein json", "g.geojson", "not_json"),
        (collection(feature({"type": "Point", "coordinates": [7.3, 51.4]})), "p.geojson", "no_polygon"),
        ({"type": "Polygon", "coordinates": [[[380000, 5700000]] * 5]}, "utm.geojson", "not_degrees"),
        ({"type": "Polygon", "coordinates": [[[p[1], p[0]] for p in NEAR[0]]]}, "vertauscht.geojson", "swapped"),
        (
            {"type": "Polygon", "coordinates": [[[p[0] + 3, p[1]] for p in NEAR[0]]]},
            "anderswo.geojson",
            "outside_region",
        ),
    ],
    ids=["not-json", "point", "utm", "swapped", "elsewhere"],
)
def test_a_wrong_file_is_named_beside_the_field_and_nothing_changes(client_for, editor, content, name, code):
    DistrictFactory(boundary=SQUARE)
    district = DistrictFactory(boundary=SQUARE)
    response = _post(client_for(editor), district, file=upload(content, name))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["boundary_file"]] == [code]
    message = errors["boundary_file"][0]
    assert str(next(iter(message))) in response.content.decode().replace("&#x27;", "'")
    district.refresh_from_db()
    assert district.boundary == SQUARE


@pytest.mark.django_db
def test_a_wrong_pasted_text_is_named_beside_the_field(client_for, editor):
    DistrictFactory(boundary=SQUARE)
    district = DistrictFactory(boundary=SQUARE)
    text = json.dumps(collection(feature({"type": "LineString", "coordinates": [[7.3, 51.4], [7.31, 51.41]]})))
    response = _post(client_for(editor), district, text=text)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["boundary"]] == ["no_polygon"]
    district.refresh_from_db()
    assert district.boundary == SQUARE


@pytest.mark.django_db
def test_after_an_error_elsewhere_the_uploaded_shape_stays_in_the_field(client_for, editor):
    district = DistrictFactory(boundary=None)
    client = client_for(editor)
    url = _change_url(district)
    data = admin_form_data(client.get(url), District)
    data["name"] = ""  # required
    data["boundary_file"] = upload(collection(feature(POLYGON)))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert json.loads(response.context["adminform"].form["boundary"].value()) == POLYGON


@pytest.mark.django_db
def test_the_file_is_not_kept(client_for, editor, settings):
    district = DistrictFactory(boundary=None)
    assert _post(client_for(editor), district, file=upload(POLYGON)).status_code == 302
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.django_db
def test_change_page_shows_the_saved_shape_among_the_others(client_for, editor):
    neighbour = DistrictFactory(name="Nachbar", boundary=POLYGON)
    district = DistrictFactory(boundary=SQUARE)
    page = client_for(editor).get(_change_url(district)).content.decode()
    assert 'id="boundary-map"' in page
    assert 'class="map__current"' in page and 'class="map__context"' in page
    assert 'id="boundary-neighbours"' in page and neighbour.name in page
    assert 'type="file" name="boundary_file"' in page
    assert "js/admin-boundary-preview" in page


@pytest.mark.django_db
def test_add_page_has_the_upload_and_the_neighbours(client_for, editor):
    DistrictFactory(name="Nachbar", boundary=POLYGON)
    page = client_for(editor).get(reverse("admin:quartier_district_add")).content.decode()
    assert 'name="boundary_file"' in page and "Nachbar" in page


@pytest.mark.django_db
def test_upload_is_refused_to_those_who_may_not_change_districts(client_for, reviewer, resident):
    district = DistrictFactory(boundary=SQUARE)
    url = _change_url(district)
    response = resident.post(url, {"name": "x", "boundary_file": upload(POLYGON)})
    assert response.status_code in (302, 403)  # to the login page, or refused outright
    assert client_for(reviewer).post(url, {"name": "x", "boundary_file": upload(POLYGON)}).status_code == 403
    district.refresh_from_db()
    assert district.boundary == SQUARE
