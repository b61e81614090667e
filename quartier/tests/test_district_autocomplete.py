"""The district autocomplete of the project and office forms: entries named like the
term come first, drafts are marked (issue 12, point 4)."""

import pytest
from django.conf import settings
from django.utils.translation import gettext

from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

URL = f"/{settings.ADMIN_URL}autocomplete/"


def _ask(client, term, *, app_label="projects", model_name="project", field_name="districts"):
    return client.get(URL, {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name})


def _draft(name):
    return gettext("%(name)s (draft)") % {"name": name}


def _labels(response):
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_name_matches_come_before_mentions(client_for, editor):
    DistrictFactory(name="Annen", summary="Nachbar von Heven, grün und ruhig.", published=False)
    DistrictFactory(name="Am Heven-Bach", summary="Am Wasser.")
    DistrictFactory(name="Heven-Ost", summary="Ein Stadtteil.")
    DistrictFactory(name="Heven", summary="Der alte Kern.")
    assert _labels(_ask(client_for(editor), "heven")) == ["Heven", "Heven-Ost", "Am Heven-Bach", _draft("Annen")]


def test_drafts_are_marked_for_the_office_form_too(client_for, editor):
    DistrictFactory(name="Heven-Ost", published=False)
    DistrictFactory(name="Heven-West")
    labels = _labels(
        _ask(client_for(editor), "Heven", app_label="quartier", model_name="office", field_name="district")
    )
    assert labels == [_draft("Heven-Ost"), "Heven-West"]


def test_chosen_draft_is_marked_in_the_form(client_for, editor):
    from projects.tests.factories import ProjectFactory

    draft = DistrictFactory(name="Kanalhafen", published=False)
    project = ProjectFactory()
    project.districts.add(draft)
    page = client_for(editor).get(f"/{settings.ADMIN_URL}projects/project/{project.pk}/change/")
    assert page.status_code == 200
    assert _draft("Kanalhafen") in page.content.decode()


def test_changelist_search_keeps_its_column_order(client_for, editor):
    DistrictFactory(name="Annen", summary="Nachbar von Heven.")
    DistrictFactory(name="Heven")
    page = client_for(editor).get(f"/{settings.ADMIN_URL}quartier/district/", {"q": "heven"})
    names = [d.name for d in page.context["cl"].result_list]
    assert names == ["Annen", "Heven"]  # the list's own ordering (name), not the rank


def test_refused_without_staff(client, resident):
    DistrictFactory(name="Heven")
    response = _ask(resident, "heven")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_refused_to_reviewer_without_view_permission(client_for, reviewer):
    DistrictFactory(name="Heven")
    assert _ask(client_for(reviewer), "heven").status_code == 403


def test_other_publishable_autocompletes_rank_names_too(client_for, editor):
    from funding.tests.factories import FundingProgrammeFactory

    FundingProgrammeFactory(name="Sozialer Zusammenhalt", short_name="SZ", summary="Mit BIWAQ verzahnt.")
    FundingProgrammeFactory(name="BIWAQ V", short_name="BIWAQ V", published=False)
    labels = _labels(
        _ask(client_for(editor), "biwaq", app_label="funding", model_name="funding", field_name="programme")
    )
    assert labels == [_draft("BIWAQ V"), "SZ"]
