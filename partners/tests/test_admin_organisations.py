"""Organisations and their contact persons in the back office."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.tests.html import find_elements
from partners.models import ContactPerson, Organisation
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from quartier.tests.factories import DistrictFactory


def _organisation_data(**extra):
    data = {
        "name": "Caritasverband Witten e.V.",
        "short_name": "Caritas",
        "slug": "",
        "kind": "wohlfahrtsverband",
        "description": "",
        "website": "www.caritas-witten.example",
        "email": "",
        "phone": "",
        "street": "",
        "postcode": "",
        "city": "Witten",
        "logo_alt": "",
        "published": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Kim Muster",
        "contacts-0-role": "Quartiersmanagement",
        "contacts-0-unit": "",
        "contacts-0-email": "kim.muster@example.org",
        "contacts-0-phone": "",
        "contacts-0-address": "",
        "contacts-0-office_hours": "",
        "contacts-0-publication_consent": "on",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_editor_adds_an_organisation_with_a_contact_in_one_save(client_for, editor):
    district = DistrictFactory(name="Heven-Ost")
    response = client_for(editor).post(
        reverse("admin:partners_organisation_add"),
        _organisation_data(is_member="on", member_since="2016-05-01", districts=[district.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get()
    assert organisation.slug == "caritasverband-witten-ev"
    assert organisation.website == "https://www.caritas-witten.example"
    assert list(organisation.districts.all()) == [district]
    contact = ContactPerson.objects.get()
    assert contact.organisation == organisation
    assert contact.history.latest().history_user == editor


@pytest.mark.django_db
def test_a_member_without_date_comes_back_with_the_message_and_the_input(client_for, editor):
    response = client_for(editor).post(reverse("admin:partners_organisation_add"), _organisation_data(is_member="on"))
    assert response.status_code == 200
    assert "member_since" in response.context["adminform"].form.errors
    assert "Caritasverband Witten e.V." in response.content.decode()
    assert "Kim Muster" in response.content.decode()  # the inline row too
    assert not Organisation.objects.exists()
    assert not ContactPerson.objects.exists()


@pytest.mark.django_db
def test_contact_autocomplete_runs_a_fixed_number_of_queries(
    client_for, editor, django_assert_max_num_queries, django_assert_num_queries
):
    # The contact picker of an office: each result is "Name (Organisation)".
    client = client_for(editor)
    url = reverse("admin:autocomplete")
    params = {"app_label": "quartier", "model_name": "office", "field_name": "contacts", "term": "Beispiel"}
    ContactPersonFactory.create_batch(3)
    client.get(url, params)  # warm caches (content types, session)
    with django_assert_max_num_queries(10) as few:
        response = client.get(url, params)
    assert len(response.json()["results"]) == 3
    assert response.json()["results"][0]["text"].endswith("gGmbH)")  # the organisation is named
    ContactPersonFactory.create_batch(27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, params)
    assert len(response.json()["results"]) == 20  # one page of the 30


def _logo_png(size=(3000, 1500)):
    logo = Image.new("RGBA", size, (0, 0, 0, 0))  # transparent, as logos are
    logo.paste((0, 90, 160, 255), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_the_partner_page_shows_a_small_rendition_of_the_logo(client_for, editor, resident):
    response = client_for(editor).post(
        reverse("admin:partners_organisation_add"),
        _organisation_data(**{"logo": _logo_png(), "logo_alt": "Logo der Caritas", "contacts-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get()
    with Image.open(organisation.logo.path) as original:
        assert original.size == (3000, 1500)
    with Image.open(organisation.logo_rendition.path) as rendition:
        assert (rendition.format, rendition.size) == ("WEBP", (400, 200))
        assert rendition.convert("RGBA").getpixel((0, 0))[3] == 0  # still transparent
    page = resident.get(organisation.get_absolute_url()).content.decode()
    assert find_elements(page, "img", src=organisation.logo_rendition.url, alt="Logo der Caritas")
    assert organisation.logo.url not in page


@pytest.mark.django_db
def test_a_logo_without_rendition_is_shown_as_it_is(resident, settings):
    # Logos stored before renditions existed (the file is there: a missing one is left out).
    (settings.MEDIA_ROOT / "organisations").mkdir(parents=True)
    (settings.MEDIA_ROOT / "organisations" / "alt.png").write_bytes(b"a logo")
    organisation = OrganisationFactory(logo="organisations/alt.png", logo_alt="Altes Logo")
    page = resident.get(organisation.get_absolute_url()).content.decode()
    assert find_elements(page, "img", src="/media/organisations/alt.png", alt="Altes Logo")


@pytest.mark.django_db
def test_clearing_the_logo_clears_its_rendition():
    organisation = OrganisationFactory(logo=_logo_png((800, 400)), logo_alt="Logo")
    assert organisation.logo_rendition
    organisation.logo = ""
    organisation.save()
    organisation.refresh_from_db()
    assert not organisation.logo_rendition
