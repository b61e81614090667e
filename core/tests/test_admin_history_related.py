"""Issue 12, point 1: the history of a district, an organisation and a programme also lists
the changes of the rows that belong to it (offices, contact persons, fundings), as a
project's lists its fundings and images; only for staff who may see those rows."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def _history(client, obj):
    opts = obj._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("make", "related", "model_name", "name"),
    [
        (
            DistrictFactory,
            lambda d: OfficeFactory(district=d, name="Stadtteilbüro Kanal"),
            "office",
            "Stadtteilbüro Kanal",
        ),
        (
            OrganisationFactory,
            lambda o: ContactPersonFactory(organisation=o, name="Alex Beispiel"),
            "contactperson",
            "Alex Beispiel",
        ),
        (
            FundingProgrammeFactory,
            lambda p: FundingFactory(
                programme=p, project=ProjectFactory(title="Gartenprojekt"), amount=Decimal("1000")
            ),
            "funding",
            "Gartenprojekt",
        ),
    ],
)
def test_history_lists_the_rows_that_belong_to_the_entry(client_for, editor, make, related, model_name, name):
    owner = make()
    related(owner)
    page = _history(client_for(editor), owner)
    assert f'id="history-{model_name}"' in page
    section = page.split(f'id="history-{model_name}"')[1].split("</table>")[0]
    assert name in section


def test_related_rows_stay_hidden_from_staff_who_may_not_see_them(client_for, django_user_model):
    viewer = django_user_model.objects.create_user("nur-quartiere", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_district"))
    district = DistrictFactory()
    OfficeFactory(district=district, name="Geheimes Büro")
    page = _history(client_for(viewer), district)
    assert 'id="history-office"' not in page
    assert "Geheimes Büro" not in page
