"""End to end in Chromium: an organisation asks to join, confirms its e-mail, a
reviewer approves it in the back office, and it appears among the partners."""

import re

import pytest
from django.core import mail

from conftest import PASSWORD
from core.testing import DESKTOP, PHONE, axe_violations, describe_violations, other_origin_requests
from partners.models import MembershipRequest, Organisation
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.browser


def assert_accessible(page):
    """axe finds nothing on the page as it is, at desktop width and at phone width."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{viewport['width']} px: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], viewport
    page.set_viewport_size(DESKTOP)


def test_membership_request_end_to_end(browser_page, live_server, settings, reviewer):
    page = browser_page
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0  # no waiting in the test; the check itself is tested elsewhere
    settings.SITE_URL = live_server.url
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]
    district = DistrictFactory(name="Heven-Ost")

    # The empty form, then the form with errors: accessible both times, on a desktop and
    # on a 320 px phone (no sideways scrolling there).
    page.goto(f"{live_server.url}/mitmachen/")
    assert_accessible(page)
    page.click("#submit-id-submit")
    page.wait_for_selector(".invalid-feedback")
    assert page.locator("#id_organisation_name").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # Filled in and sent.
    page.fill("#id_organisation_name", "Nachbarschaftshilfe Heven e.V.")
    page.select_option("#id_organisation_kind", "verein")
    page.fill("#id_street", "Herbeder Straße 5")
    page.fill("#id_postcode", "58455")
    page.fill("#id_city", "Witten")
    page.check(f"input[name=districts][value='{district.pk}']")
    page.fill("#id_offer", "Einkaufshilfen und ein Erzählcafé für ältere Nachbarn.")
    page.fill("#id_contact_name", "Sanja Peters")
    page.fill("#id_contact_email", "sanja@example.org")
    page.check("#id_consent")
    page.click("#submit-id-submit")
    page.wait_for_url("**/mitmachen/danke/")
    assert_accessible(page)
    assert other_origin_requests(page.requested_urls, live_server.url) == []

    # The confirmation link from the e-mail: the page asks, the button confirms.
    link = re.search(r"http\S+/mitmachen/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert MembershipRequest.objects.get().status == MembershipRequest.Status.SUBMITTED
    page.click("main form button[type=submit]")
    page.wait_for_url("**/mitmachen/bestaetigt/")
    assert MembershipRequest.objects.get().status == MembershipRequest.Status.CONFIRMED
    assert mail.outbox[-1].to == ["team@example.org"]

    # The reviewer logs in, finds the request in the queue and approves it.
    page.goto(f"{live_server.url}/verwaltung/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    page.goto(f"{live_server.url}/verwaltung/partners/membershiprequest/")
    page.click("text=Nachbarschaftshilfe Heven e.V.")
    page.click("a.approve-link")
    page.wait_for_url("**/approve/")
    assert "Sanja Peters" in page.inner_text(".mail-preview-body")  # the mail, read before sending
    page.click("button[name=decide]")
    page.wait_for_selector(".messagelist .success")
    organisation = Organisation.objects.get(name="Nachbarschaftshilfe Heven e.V.")
    assert organisation.is_member and organisation.member_since
    assert mail.outbox[-1].to == ["sanja@example.org"]

    # The new member on the public partner list.
    page.goto(f"{live_server.url}/partner/?mitglieder=on")
    entry = page.locator("main li.card").filter(has_text="Nachbarschaftshilfe Heven e.V.")
    assert entry.count() == 1
    assert entry.locator(".badge--member").count() == 1
