"""The back office in Chromium: lists that fit a 1366 px screen with long names, a
warning before leaving a changed form, and the start page and the decision pages
accessible (axe) on a desktop and a phone."""

import pytest
from django.conf import settings

from core.testing import PHONE, axe_violations, describe_violations
from partners.models import MembershipRequest
from partners.tests.factories import ContactPersonFactory, MembershipRequestFactory, OrganisationFactory

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
ADMIN = f"/{settings.ADMIN_URL}"


def _log_in(page, client, user, live_server):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _long_entries():
    """The longest names the demo network's kind of data brings, and some."""
    organisation = OrganisationFactory(
        name="Arbeiterwohlfahrt Unterbezirk Ennepe-Ruhr Beratungszentrum für Familien, Senioren und "
        "Menschen mit Behinderung gemeinnützige GmbH",
        short_name="AWO-Beratungszentrum-EN",
        city="Witten-Herbede-Vormholz-Buchholz",
        is_member=True,
        member_since="2020-12-01",
    )
    for n in range(3):
        ContactPersonFactory(
            name=f"Dr. Maximiliane Schmidt-Hohenstein-Großkreutz {n}",
            role="Leitung der Stabsstelle Quartiersentwicklung und Sozialplanung",
            organisation=organisation,
            email=f"maximiliane.schmidt-hohenstein-grosskreutz{n}@stadtverwaltung-ruhrbach.example.org",
            unit="Dezernat 1 / Stabsstelle Arbeit, Wirtschaft und Quartiersentwicklung",
        )


def _widths(page):
    return page.evaluate(
        """() => {
            const results = document.querySelector('#changelist .results');
            return {page: document.documentElement.scrollWidth,
                    table: results.scrollWidth, room: results.clientWidth};
        }"""
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("changelist", ["partners/organisation/", "partners/contactperson/"])
def test_changelists_fit_a_1366_px_screen(browser_page, client, admin_user, live_server, changelist):
    _long_entries()
    page = browser_page
    page.set_viewport_size(LAPTOP)
    _log_in(page, client, admin_user, live_server)
    page.goto(f"{live_server.url}{ADMIN}{changelist}")
    assert page.locator("#result_list tbody tr").count() >= 1
    widths = _widths(page)
    assert widths["page"] <= LAPTOP["width"], widths
    assert widths["table"] <= widths["room"], widths  # no sideways scrolling inside the list either
    # Every column is on the screen: the last one ends within the window.
    right = page.evaluate("document.querySelector('#result_list thead th:last-child').getBoundingClientRect().right")
    assert right <= LAPTOP["width"]


def _dialogs(page):
    seen = []

    def handle(dialog):
        seen.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", handle)
    return seen


@pytest.mark.django_db(transaction=True)
def test_leaving_a_changed_form_asks_first(browser_page, client, editor, live_server):
    page = browser_page
    _log_in(page, client, editor, live_server)
    page.goto(f"{live_server.url}{ADMIN}partners/organisation/add/")
    seen = _dialogs(page)
    page.locator("#id_name").press_sequentially("Halb ausgefüllt e.V.")
    page.click(".breadcrumbs a >> nth=0")
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"]
    assert page.url.endswith("/partners/organisation/add/")  # still on the form, input kept
    assert page.input_value("#id_name") == "Halb ausgefüllt e.V."


@pytest.mark.django_db(transaction=True)
def test_unchanged_form_and_saving_do_not_ask(browser_page, client, editor, live_server):
    page = browser_page
    _log_in(page, client, editor, live_server)
    page.goto(f"{live_server.url}{ADMIN}partners/organisation/add/")
    seen = _dialogs(page)
    page.click(".breadcrumbs a >> nth=0")
    page.wait_for_url(f"{live_server.url}{ADMIN}")
    page.goto(f"{live_server.url}{ADMIN}partners/organisation/add/")
    page.locator("#id_name").press_sequentially("Gespeichert e.V.")
    page.select_option("#id_kind", index=1)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert seen == []


@pytest.mark.django_db(transaction=True)
def test_a_form_refused_on_saving_asks_before_it_is_left(browser_page, client, editor, live_server):
    page = browser_page
    _log_in(page, client, editor, live_server)
    page.goto(f"{live_server.url}{ADMIN}partners/organisation/add/")
    page.locator("#id_short_name").press_sequentially("Ohne Namen")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    seen = _dialogs(page)
    page.locator("#content-main").click(position={"x": 5, "y": 5})  # the page had a user gesture
    page.click(".breadcrumbs a >> nth=0")
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"]


def _assert_accessible(page):
    for viewport in (LAPTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{viewport['width']} px: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], viewport


@pytest.mark.django_db(transaction=True)
def test_start_page_and_decision_pages_are_accessible(browser_page, client, admin_user, live_server):
    request = MembershipRequestFactory(
        status=MembershipRequest.Status.CONFIRMED,
        organisation_name="Interkulturelles Frauenzentrum Ruhrbach-Nord gemeinnützige GmbH",
        offer="Sprachkurse, Beratung und ein offenes Café.\n\nDazu Räume für Gruppen.",
    )
    _long_entries()
    page = browser_page
    _log_in(page, client, admin_user, live_server)
    page.goto(f"{live_server.url}{ADMIN}")
    assert page.locator(".quartier-dashboard-box").count() == 5
    _assert_accessible(page)
    for view in ("change", "approve", "reject"):
        page.goto(f"{live_server.url}{ADMIN}partners/membershiprequest/{request.pk}/{view}/")
        _assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_reviewer_previews_the_note_and_approves(browser_page, client, reviewer, live_server):
    request = MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED, offer="Offene Treffs.")
    page = browser_page
    _log_in(page, client, reviewer, live_server)
    page.goto(f"{live_server.url}{ADMIN}partners/membershiprequest/{request.pk}/change/")
    page.click("a.approve-link")
    page.wait_for_url("**/approve/")
    assert page.input_value("#id_description") == "Offene Treffs."
    page.fill("#id_note", "Bis bald beim Netzwerktreffen!")
    page.click("button[name=decide]")  # not previewed yet: shown first, nothing sent
    page.wait_for_selector(".mail-preview .errornote")
    assert "Bis bald beim Netzwerktreffen!" in page.inner_text(".mail-preview-body")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.CONFIRMED
    page.click("button[name=decide]")
    page.wait_for_selector(".messagelist .success")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_alt_text_input_has_room_for_its_250_characters(browser_page, client, editor, live_server):
    page = browser_page
    page.set_viewport_size(LAPTOP)
    _log_in(page, client, editor, live_server)
    page.goto(f"{live_server.url}{ADMIN}projects/project/add/")
    page.click("#images-group .add-row a")  # no image row until one is added
    alt_text = page.locator('.inline-group input[name$="-alt_text"]:not([name*="__prefix__"])').first
    assert alt_text.get_attribute("maxlength") == "250"
    assert alt_text.bounding_box()["width"] >= 500  # was 210 px
