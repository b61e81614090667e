"""District boundaries are limited in size, nesting and points, in the back office form
and in model validation: deep input is a message, never a RecursionError (a 500)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.tests.admin_form import admin_form_data
from quartier import geo
from quartier.models import District
from quartier.tests.factories import SQUARE, DistrictFactory


def deep(levels):
    value = []
    for _ in range(levels):  # built without recursion, as json.loads would need it
        value = [value]
    return value


def polygon(points):
    ring = [[7.0 + 0.1 * (index % 7), 51.0 + 0.0001 * index] for index in range(points - 1)]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def oversized():
    # Few points, an 11 MB "properties" payload: drawn small, stored and sent large.
    return {"type": "Feature", "properties": {"note": "x" * (11 * 1024 * 1024)}, "geometry": SQUARE}


def codes(caught):
    return [error.code for error in caught.value.error_dict["boundary"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("boundary", "code"),
    [
        (deep(100_000), "too_deep"),
        ({"type": "Polygon", "coordinates": deep(100_000)}, "too_deep"),
        (polygon(100_000), "too_large"),
        (polygon(5_001), "too_many_points"),
        (oversized(), "too_large"),
    ],
    ids=["nested-array", "nested-coordinates", "100000-points", "5001-points", "11-MB"],
)
def test_model_validation_refuses_what_is_too_deep_large_or_detailed(boundary, code):
    district = DistrictFactory.build(boundary=boundary)
    with pytest.raises(ValidationError) as caught:
        district.full_clean()
    assert codes(caught) == [code]


@pytest.mark.django_db
def test_5000_points_are_accepted():
    DistrictFactory.build(boundary=polygon(5_000)).full_clean()


def _post_boundary(client, district, text):
    url = reverse("admin:quartier_district_change", args=[district.pk])
    data = admin_form_data(client.get(url), District)
    data["boundary"] = text
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code", "german"),
    [
        ("[" * 100_000 + "]" * 100_000, "too_deep", "zu tief verschachtelt"),
        (
            '{"type": "Polygon", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "too_deep",
            "zu tief verschachtelt",
        ),
        (json.dumps(polygon(6_000)), "too_many_points", "höchstens 5.000 sind erlaubt"),
        (json.dumps(polygon(60_000)), "too_large", "höchstens 500 KB sind erlaubt"),
    ],
    ids=["nested-array", "nested-coordinates", "6000-points", "60000-points"],
)
def test_editor_sees_the_message_beside_the_field_and_the_form_filled(client_for, editor, text, code, german):
    district = DistrictFactory(boundary=SQUARE)
    response = _post_boundary(client_for(editor), district, text)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.errors.as_data()["boundary"]] == [code]
    page = response.content.decode()
    assert german in page
    assert text[:200].replace('"', "&quot;") in page  # what was typed comes back
    district.refresh_from_db()
    assert district.boundary == SQUARE


@pytest.mark.django_db
def test_a_string_with_brackets_is_not_taken_for_nesting(client_for, editor):
    district = DistrictFactory(boundary=SQUARE)
    feature = {"type": "Feature", "properties": {"name": "[" * 50}, "geometry": SQUARE}
    response = _post_boundary(client_for(editor), district, json.dumps(feature))
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.boundary == SQUARE  # the Feature's geometry: its properties are not kept


def test_the_messages_are_german():
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        geo.validate_boundary(polygon(5_001))
    assert caught.value.messages == [
        "Die Grenze hat 5.001 Punkte; höchstens 5.000 sind erlaubt. Bitte vereinfachen Sie sie."
    ]


@pytest.mark.django_db
def test_a_too_deep_boundary_stored_before_the_limits_breaks_no_page(resident):
    from django.db import connection

    district = DistrictFactory(boundary=SQUARE)
    deep_text = "[" * 1_500 + "]" * 1_500  # beyond what json.loads can read, within what SQLite stores
    with connection.cursor() as cursor:
        cursor.execute("UPDATE quartier_district SET boundary = %s WHERE id = %s", [deep_text, district.pk])
    assert District.objects.get(pk=district.pk).boundary is None
    assert resident.get("/").status_code == 200
    assert resident.get(district.get_absolute_url()).status_code == 200
