"""A boundary upload in Chromium: the editor chooses a FeatureCollection file (as
geojson.io exports it), sees it drawn at once beside the other districts, saves, and the
public district page shows the shape. axe finds nothing on the district change page."""

import json

import pytest

from conftest import PASSWORD
from core.testing import DESKTOP, PHONE, axe_violations, describe_violations, other_origin_requests
from quartier.models import District
from quartier.tests.factories import SQUARE, DistrictFactory

pytestmark = pytest.mark.browser

NEAR = [[[7.33, 51.44], [7.34, 51.44], [7.34, 51.45], [7.33, 51.45], [7.33, 51.44]]]
FEATURE_COLLECTION = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Heven-Ost", "stroke": "#555555"},
            "geometry": {"type": "Polygon", "coordinates": NEAR},
        }
    ],
}


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/verwaltung/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def assert_accessible(page):
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{viewport['width']} px: " + describe_violations(violations)
    page.set_viewport_size(DESKTOP)


def test_editor_uploads_a_boundary_and_sees_it_at_once(browser_page, live_server, editor, tmp_path):
    page = browser_page
    DistrictFactory(name="Heven-West", slug="heven-west", boundary=SQUARE)
    district = DistrictFactory(name="Heven-Ost", slug="heven-ost", boundary=None)
    path = tmp_path / "heven-ost.geojson"
    path.write_text(json.dumps(FEATURE_COLLECTION, indent=2))

    _log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/verwaltung/quartier/district/{district.pk}/change/")
    assert page.locator(".boundary-preview svg").count() == 0  # no boundary yet
    assert_accessible(page)

    page.set_input_files("#id_boundary_file", str(path))
    preview = page.locator(".boundary-preview svg#boundary-map")
    preview.wait_for()
    assert preview.locator("path.map__current").count() == 1
    assert preview.locator("path.map__context").count() == 1  # Heven-West beside it
    assert page.locator(".boundary-preview__status").inner_text()
    assert_accessible(page)

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    district.refresh_from_db()
    assert district.boundary == {"type": "Polygon", "coordinates": NEAR}
    # The saved shape, drawn by the server this time.
    assert page.locator(".boundary-preview svg#boundary-map path.map__current").count() == 1

    page.goto(f"{live_server.url}/quartiere/heven-ost/")
    assert page.locator("svg#district-map path.map__current").count() == 1
    assert not other_origin_requests(page.requested_urls, live_server.url)
    assert District.objects.get(pk=district.pk).boundary["type"] == "Polygon"


def test_pasted_geojson_is_drawn_and_an_unreadable_one_is_named(browser_page, live_server, editor):
    page = browser_page
    district = DistrictFactory(boundary=SQUARE)
    _log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/verwaltung/quartier/district/{district.pk}/change/")
    page.fill("#id_boundary", "{ kein json")
    page.locator(".boundary-preview svg").wait_for(state="detached")
    assert page.locator(".boundary-preview__status").inner_text()
    page.fill("#id_boundary", json.dumps(FEATURE_COLLECTION))
    page.locator(".boundary-preview svg path.map__current").wait_for()
