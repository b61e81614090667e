"""Export and import in a real browser (Chromium, axe): export from a filtered list, an
import whose faulty row is named, and the dry run of a good file, then its confirmation."""

import datetime
import io
import os

import openpyxl
import pytest
from django.conf import settings

from core.testing import DESKTOP, PHONE, axe_violations, describe_violations, other_origin_requests
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS_DIR")  # e.g. /tmp/export: keep screenshots to look at


def _log_in(page, client, user, live_server):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _check(page, name):
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{name} @ {viewport['width']}px:\n{describe_violations(violations)}"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def network(db):
    nord = DistrictFactory(name="Nordstadt", slug="nordstadt")
    sued = DistrictFactory(name="Südstadt", slug="suedstadt")
    garten = ProjectFactory(title="Quartiersgarten", slug="quartiersgarten", start=datetime.date(2024, 9, 1))
    garten.districts.set([nord])
    FundingFactory(project=garten, programme=FundingProgrammeFactory(slug="biwaq-v"), amount=480000)
    cafe = ProjectFactory(title="Stadtteilcafé", slug="stadtteilcafe", start=datetime.date(2025, 1, 1))
    cafe.districts.set([sued])
    return {"nord": nord, "sued": sued}


def test_export_from_a_filtered_list(browser_page, client, editor, live_server, network):
    page = browser_page
    _log_in(page, client, editor, live_server)
    admin = f"{live_server.url}/{settings.ADMIN_URL}"
    page.goto(f"{admin}projects/project/?districts__id__exact={network['nord'].pk}")
    _check(page, "changelist")
    page.get_by_role("link", name="Exportieren").click()
    page.wait_for_url("**/export/?districts__id__exact=*")
    _check(page, "export")
    page.select_option("#id_format", label="xlsx")
    with page.expect_download() as download:
        page.locator("#content form input[type=submit]").click()
    assert download.value.suggested_filename.startswith("projekte-")
    with open(download.value.path(), "rb") as file:  # a temporary name without ".xlsx"
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    rows = list(sheet.values)
    assert [row[2] for row in rows[1:]] == ["quartiersgarten"]  # the filter of the list
    assert other_origin_requests(page.requested_urls, live_server.url) == []


def _upload(page, admin, tmp_path, text):
    path = tmp_path / "projekte.csv"
    path.write_text(text, encoding="utf-8")
    page.goto(f"{admin}projects/project/")
    page.get_by_role("link", name="Importieren").click()
    page.set_input_files("#id_import_file", str(path))
    page.locator("#content form input[type=submit]").click()
    page.wait_for_load_state()


def test_import_with_an_error_row_then_dry_run_and_confirm(
    browser_page, client, editor, live_server, network, tmp_path
):
    page = browser_page
    _log_in(page, client, editor, live_server)
    admin = f"{live_server.url}/{settings.ADMIN_URL}"
    header = "Titel;URL-Name;Kurzbeschreibung;Beginn;Quartiere\n"

    _upload(
        page,
        admin,
        tmp_path,
        header + "Neu;neu;Ein neues Projekt;01.03.2026;nordstadt\nKaputt;kaputt;X;31.02.2026;atlantis\n",
    )
    table = page.locator("table.import-errors")
    assert table.is_visible()
    assert table.locator("tbody th").all_inner_texts() == ["3"]
    assert "atlantis" in table.inner_text() and "31.12.2026" in table.inner_text()
    assert page.locator("input[name=confirm]").count() == 0
    _check(page, "import-errors")
    assert not Project.objects.filter(slug__in=["neu", "kaputt"]).exists()

    _upload(page, admin, tmp_path, header + "Neu;neu;Ein neues Projekt;01.03.2026;nordstadt\n")
    assert page.locator("table.import-preview tbody tr").count() == 1
    _check(page, "import-preview")
    assert not Project.objects.filter(slug="neu").exists()  # the dry run wrote nothing
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/projects/project/")
    assert page.locator(".messagelist .success").is_visible()
    project = Project.objects.get(slug="neu")
    assert [d.slug for d in project.districts.all()] == ["nordstadt"]
    assert project.history.first().history_user == editor
    assert other_origin_requests(page.requested_urls, live_server.url) == []
