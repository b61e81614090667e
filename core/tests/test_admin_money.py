"""Money in the back office as staff write it: 480.000,00 shown, 480.000,00 or 480000,50
accepted; a wrong value gives a German message beside the field and keeps the input."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.admin_numbers import GermanDecimalField, parse_amount
from core.tests.admin_form import admin_form_data
from funding.models import Funding
from funding.tests.factories import FundingFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("480.000,00", Decimal("480000.00")),
        ("480000,50", Decimal("480000.50")),
        ("480000.50", Decimal("480000.50")),
        ("1.234.567", Decimal("1234567")),
        ("480 000 €", Decimal("480000")),
        ("62,5", Decimal("62.5")),
        ("0", Decimal("0")),
    ],
)
def test_german_amounts_are_read(typed, meant):
    assert parse_amount(typed) == meant


@pytest.mark.parametrize("typed", ["viel", "48.00.00", "1,2,3", "480,000.00", "1e5", "NaN", ""])
def test_other_text_is_no_amount(typed):
    assert parse_amount(typed) is None


def test_the_field_rejects_in_german():
    with translation.override("de"):
        field = GermanDecimalField(max_digits=12, decimal_places=2, required=False)
        with pytest.raises(ValidationError) as error:
            field.clean("viel")
    assert "480.000,00" in str(error.value)


@pytest.fixture
def project(db):
    return ProjectFactory(title="Stadtteilladen", total_cost=Decimal("480000.00"))


def _change(client, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    return url, admin_form_data(client.get(url), Project)


def test_amounts_are_shown_german(client_for, editor, project):
    FundingFactory(project=project, amount=Decimal("1234567.5"))
    client = client_for(editor)
    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert 'value="480.000,00"' in page
    assert 'value="1.234.567,50"' in page
    assert 'type="number"' not in page.split('name="total_cost"')[0].rsplit("<input", 1)[1]
    listing = client.get(reverse("admin:funding_funding_changelist")).content.decode()
    assert "1.234.567,50" in listing


@pytest.mark.parametrize(("typed", "stored"), [("512.345,67", "512345.67"), ("480000,50", "480000.50")])
def test_german_input_is_saved(client_for, editor, project, typed, stored):
    funding = FundingFactory(project=project, amount=Decimal("1000"))
    client = client_for(editor)
    url, data = _change(client, project)
    data["total_cost"] = [typed]
    data["fundings-0-amount"] = ["2.000,50"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    funding.refresh_from_db()
    assert project.total_cost == Decimal(stored)
    assert funding.amount == Decimal("2000.50")


def test_a_wrong_amount_is_explained_and_kept(client_for, editor, project):
    client = client_for(editor)
    url, data = _change(client, project)
    data["total_cost"] = ["480.000,00 Euro plus"]
    data["title"] = ["Stadtteilladen Nord"]
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        message = translation.gettext("Please enter a number such as %(example)s.") % {"example": "480.000,00"}
    assert message in page
    assert 'value="480.000,00 Euro plus"' in page
    assert 'value="Stadtteilladen Nord"' in page
    project.refresh_from_db()
    assert project.title == "Stadtteilladen"


def test_too_many_decimals_is_a_german_message(client_for, editor, project):
    client = client_for(editor)
    url, data = _change(client, project)
    data["total_cost"] = ["1,005"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "höchstens 2 Dezimalstellen" in response.content.decode()


def test_fundings_refused_without_rights(client, client_for, reviewer, project):
    funding = FundingFactory(project=project, amount=Decimal("1000"))
    url = reverse("admin:funding_funding_change", args=[funding.pk])
    assert client.post(url, {"amount": "5.000,00"}).status_code == 302  # to the login
    assert client_for(reviewer).post(url, {"amount": "5.000,00"}).status_code == 403
    assert Funding.objects.get().amount == Decimal("1000")
