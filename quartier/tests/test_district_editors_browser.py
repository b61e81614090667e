"""A district editor's day in Chromium: logs in, sees only the projects of their district,
is refused another district's project, edits their own; the pages accessible (axe) on a
laptop and a phone. The superuser assigns the districts in the user admin."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group

from conftest import PASSWORD
from core.staff_groups import DISTRICT_EDITORS
from core.testing import PHONE, axe_violations, describe_violations
from projects.models import Project
from projects.tests.factories import ProjectFactory
from quartier.models import DistrictEditor
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ADMIN = f"/{settings.ADMIN_URL}"


def _assert_accessible(page, *parts):
    """axe finds nothing on the page, or in ``parts`` (selectors) of it: the stock form
    widgets around them are not this feature's (see the report of issue 12)."""
    for viewport in (LAPTOP, PHONE):
        page.set_viewport_size(viewport)
        if parts:
            results = Axe().run(page, context={"include": [[part] for part in parts]}, options=AXE_OPTIONS)
            violations = results.response["violations"]
        else:
            violations = axe_violations(page)
        assert violations == [], f"{viewport['width']} px: " + describe_violations(violations)
    page.set_viewport_size(LAPTOP)


def _project(title, district):
    project = ProjectFactory(title=title)
    project.districts.add(district)
    return project


@pytest.mark.django_db(transaction=True)
def test_district_editor_sees_and_edits_only_own_projects(browser_page, live_server, staff_groups, django_user_model):
    annen, bommern = DistrictFactory(name="Annen"), DistrictFactory(name="Bommern")
    own = _project("Stadtteilgarten Annen", annen)
    other = _project("Jugendtreff Bommern", bommern)
    user = django_user_model.objects.create_user(username="quartier-annen", password=PASSWORD, is_staff=True)
    user.groups.set([Group.objects.get(name=DISTRICT_EDITORS)])
    DistrictEditor.objects.create(user=user, district=annen)

    page = browser_page
    page.goto(f"{live_server.url}{ADMIN}login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    page.goto(f"{live_server.url}{ADMIN}projects/project/")
    rows = page.locator("#result_list tbody th a").all_inner_texts()
    assert rows == ["Stadtteilgarten Annen"]
    _assert_accessible(page)

    # Another district's project, by its address: "not found", on the German page.
    response = page.goto(f"{live_server.url}{ADMIN}projects/project/{other.pk}/change/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    _assert_accessible(page)

    # The own project: edited and saved.
    page.goto(f"{live_server.url}{ADMIN}projects/project/{own.pk}/change/")
    page.fill("#id_summary", "Gemeinsam gärtnern am Annener Berg.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Project.objects.get(pk=own.pk).summary == "Gemeinsam gärtnern am Annener Berg."

    # Removing Annen from it is refused beside the field; the project stays in Annen.
    page.goto(f"{live_server.url}{ADMIN}projects/project/{own.pk}/change/")
    page.locator(".field-districts .select2-selection__choice__remove").first.click()
    page.keyboard.press("Escape")
    page.click("input[name=_save]")
    page.wait_for_selector(".field-districts .errorlist")
    assert "Annen" in page.locator(".field-districts .errorlist").inner_text()
    _assert_accessible(page, ".errornote", ".field-districts .errorlist", ".field-districts label")
    assert list(Project.objects.get(pk=own.pk).districts.all()) == [annen]


@pytest.mark.django_db(transaction=True)
def test_superuser_assigns_districts_in_the_user_admin(browser_page, live_server, client, admin_user):
    annen = DistrictFactory(name="Annen")
    staff = admin_user.__class__.objects.create_user(username="buero-annen", password=PASSWORD, is_staff=True)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page = browser_page
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}{ADMIN}auth/user/{staff.pk}/change/")
    page.click("#edited_districts-group .add-row a")
    page.select_option("#id_edited_districts-0-district", label="Annen")
    _assert_accessible(page, "#edited_districts-group")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert list(staff.edited_districts.values_list("district", flat=True)) == [annen.pk]
