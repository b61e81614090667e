"""A staff member's day in Chromium (issue 12), as a new member of the city team would
try it: create a district with a boundary file, an organisation, a contact person, a
programme and a project with a funding (a German amount) and an image; publish it; edit
it; unpublish it; decide a membership request. Every back-office page on the way has no
axe violations, nothing is fetched from another origin, and residents see each step."""

import json

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from conftest import PASSWORD
from core.testing import axe_violations, describe_violations, other_origin_requests
from funding.tests.factories import FunderFactory
from partners.models import ContactPerson, MembershipRequest, Organisation
from partners.tests.factories import MembershipRequestFactory
from projects.models import Project
from quartier.models import District
from quartier.tests.factories import DistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RING = [[7.335, 51.441], [7.345, 51.441], [7.345, 51.448], [7.335, 51.448], [7.335, 51.441]]
BOUNDARY_FILE = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [RING]}}],
}


class Day:
    """The browser tab of the staff member, with the checks every page gets."""

    def __init__(self, page, live_server):
        self.page, self.url, self.checked = page, live_server.url, []

    def go(self, path):
        self.page.goto(self.url + path)

    def accessible(self):
        violations = axe_violations(self.page)
        assert violations == [], f"{self.page.url}: " + describe_violations(violations)
        self.checked.append(self.page.url)

    def choose(self, select_id, text):
        """Pick ``text`` in the autocomplete (select2) of ``select_id``, as staff do: click, type, choose."""
        self.page.locator(f"#{select_id} + .select2").click()
        self.page.locator(".select2-container--open .select2-search__field").fill(text)
        self.page.locator(".select2-results__option", has_text=text).first.click()

    def save(self, button="_save"):
        self.page.click(f"input[name={button}]")
        self.page.wait_for_selector(".messagelist .success, .errornote")
        errors = self.page.locator(".errornote, .form-row.errors")
        assert errors.count() == 0, f"{self.page.url}: " + " | ".join(errors.all_inner_texts())

    def action(self, changelist, title, action, message):
        self.go(changelist)
        self.page.locator("#result_list tr", has_text=title).locator("input.action-select").check()
        self.page.select_option("select[name=action]", action)
        self.page.click("button[name=index]")
        self.page.wait_for_selector(".messagelist li")
        assert self.page.locator(".messagelist").inner_text() == message


def test_a_day_in_the_back_office(browser_page, live_server, editor, reviewer, tmp_path, client):
    page = browser_page
    day = Day(page, live_server)
    DistrictFactory(name="Heven-West", slug="heven-west")  # a neighbour on the map
    FunderFactory(name="Stadt Ruhrbach")
    boundary = tmp_path / "kanalviertel.geojson"
    boundary.write_text(json.dumps(BOUNDARY_FILE))
    photo = tmp_path / "stadtteilgarten.jpg"
    Image.new("RGB", (1200, 800), (90, 140, 60)).save(photo, "JPEG")

    day.go("/verwaltung/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    day.accessible()  # the start page with its dashboard

    # A district with its boundary from a file, previewed at once.
    day.go("/verwaltung/quartier/district/add/")
    page.fill("#id_name", "Kanalviertel")
    page.select_option("#id_kind", "stadtquartier")
    page.fill("#id_summary", "Wohnen und Arbeiten am alten Kanal.")
    page.set_input_files("#id_boundary_file", str(boundary))
    page.locator(".boundary-preview svg path.map__current").wait_for()
    page.check("#id_published")
    day.accessible()
    day.save()
    district = District.objects.get(name="Kanalviertel")
    assert district.slug == "kanalviertel"
    assert district.boundary["type"] == "Polygon"

    # An organisation and its contact person.
    day.go("/verwaltung/partners/organisation/add/")
    page.fill("#id_name", "Nachbarschaftshilfe Kanalviertel e.V.")
    page.select_option("#id_kind", "verein")
    page.check("#id_published")
    day.accessible()
    day.save()
    organisation = Organisation.objects.get(name="Nachbarschaftshilfe Kanalviertel e.V.")

    day.go("/verwaltung/partners/contactperson/add/")
    page.fill("#id_name", "Alex Beispiel")
    page.fill("#id_email", "alex.beispiel@example.org")
    day.choose("id_organisation", "Nachbarschaftshilfe")
    day.accessible()
    day.save()
    assert ContactPerson.objects.get(name="Alex Beispiel").organisation == organisation

    # A programme, then a project with a funding in German notation and an image.
    day.go("/verwaltung/funding/fundingprogramme/add/")
    page.fill("#id_name", "Verfügungsfonds Kanalviertel")
    page.fill("#id_short_name", "Fonds Kanalviertel")
    page.select_option("#id_kind", "residents_fund")
    day.choose("id_funders", "Stadt Ruhrbach")
    page.fill("#id_summary", "Kleine Beträge für Ideen aus der Nachbarschaft.")
    page.check("#id_published")
    day.accessible()
    day.save()

    day.go("/verwaltung/projects/project/add/")
    page.fill("#id_title", "Stadtteilgarten am Kanal")
    page.fill("#id_summary", "Ein Garten für alle Nachbarinnen und Nachbarn.")
    page.fill("#id_start_0" if page.locator("#id_start_0").count() else "#id_start", "01.03.2027")
    day.choose("id_districts", "Kanalviertel")
    day.choose("id_responsible_organisations", "Nachbarschaftshilfe")
    page.locator("#fundings-group .add-row a").click()
    day.choose("id_fundings-0-programme", "Fonds Kanalviertel")
    page.fill("#id_fundings-0-amount", "480.000,00")
    page.locator("#images-group .add-row a").click()
    page.set_input_files("#id_images-0-image", str(photo))
    page.fill("#id_images-0-alt_text", "Hochbeete mit Gemüse am Kanalufer")
    page.fill("#id_images-0-credit", "Stadt Ruhrbach")
    day.accessible()
    day.save("_continue")
    project = Project.objects.get(title="Stadtteilgarten am Kanal")
    assert project.fundings.get().amount == 480000
    assert project.images.count() == 1
    assert not project.published  # new entries start as drafts
    assert client.get(project.get_absolute_url()).status_code == 404

    # Publish from the list, look at it as a resident, edit, unpublish.
    day.action("/verwaltung/projects/project/", "Stadtteilgarten am Kanal", "publish", "1 Eintrag veröffentlicht.")
    day.accessible()
    public = client.get(project.get_absolute_url())
    assert public.status_code == 200
    assert "480.000\u00a0€" in public.content.decode()

    day.go(f"/verwaltung/projects/project/{project.pk}/change/")
    page.fill("#id_summary", "Hochbeete, Bänke und ein Wasseranschluss für alle.")
    day.save("_continue")
    assert "Hochbeete, Bänke" in client.get(project.get_absolute_url()).content.decode()

    day.action(
        "/verwaltung/projects/project/",
        "Stadtteilgarten am Kanal",
        "unpublish",
        "Bei 1 Eintrag wurde die Veröffentlichung zurückgenommen.",
    )
    assert client.get(project.get_absolute_url()).status_code == 404

    # The project's history reads in German and lists the funding.
    day.go(f"/verwaltung/projects/project/{project.pk}/history/")
    day.accessible()
    assert "Förderung" in page.locator("#content").inner_text()

    # A reviewer decides a membership request: a personal note, the mail previewed, sent.
    request = MembershipRequestFactory(
        status=MembershipRequest.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        organisation_name="Repair-Café Kanalviertel",
        offer="Jeden zweiten Samstag reparieren wir Lampen, Räder und Kleidung.",
    )
    page.context.clear_cookies()
    day.go("/verwaltung/login/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    day.go(f"/verwaltung/partners/membershiprequest/{request.pk}/change/")
    day.accessible()
    page.click(".approve-link")
    page.fill("#id_note", "Wir freuen uns auf die Zusammenarbeit im Kanalviertel!")
    page.click("button[name=preview]")
    assert "Wir freuen uns auf die Zusammenarbeit" in page.locator(".mail-preview-body").inner_text()
    day.accessible()
    page.click("button[name=decide]")
    page.wait_for_selector(".messagelist li")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.APPROVED
    member = Organisation.objects.get(name="Repair-Café Kanalviertel")
    assert "reparieren wir Lampen" in member.description
    sent = [message for message in mail.outbox if request.contact_email in message.to]
    assert sent and "Wir freuen uns auf die Zusammenarbeit" in sent[-1].body

    assert not other_origin_requests(page.requested_urls, live_server.url)
    assert len(day.checked) >= 9
