"""Organisations and their contact persons in the back office."""

import pytest
from django.urls import reverse

from partners.models import ContactPerson, Organisation
from partners.tests.factories import ContactPersonFactory
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
