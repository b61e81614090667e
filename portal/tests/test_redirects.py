"""Old web addresses of renamed districts, projects, organisations and programmes answer
with a permanent redirect to the new one (issue 12, point 9)."""

import pytest

from funding.tests.factories import FundingProgrammeFactory
from partners.tests.factories import OrganisationFactory
from portal.models import SlugRedirect
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

# factory, the public path of a slug
KINDS = {
    "district": (DistrictFactory, "/quartiere/{}/"),
    "project": (ProjectFactory, "/projekte/{}/"),
    "organisation": (OrganisationFactory, "/partner/{}/"),
    "programme": (FundingProgrammeFactory, "/foerderprogramme/{}/"),
}


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


@pytest.fixture(params=list(KINDS))
def kind(request):
    factory, path = KINDS[request.param]
    return factory, path.format


def test_old_slug_answers_301_to_the_new_address(kind, resident):
    factory, path = kind
    rename(factory(slug="alter-name"), "neuer-name")
    response = resident.get(path("alter-name"))
    assert response.status_code == 301
    assert response["Location"] == path("neuer-name")
    assert resident.get(response["Location"]).status_code == 200


def test_query_string_is_kept(resident):
    rename(ProjectFactory(slug="alt"), "neu")
    response = resident.get("/projekte/alt/?seite=2")
    assert response.status_code == 301
    assert response["Location"] == "/projekte/neu/?seite=2"


def test_chain_leads_straight_to_the_latest_address(kind, resident):
    factory, path = kind
    obj = factory(slug="a")
    rename(obj, "b")
    rename(obj, "c")
    for old in ("a", "b"):
        response = resident.get(path(old))
        assert (response.status_code, response["Location"]) == (301, path("c"))
    assert SlugRedirect.objects.filter(object_id=obj.pk).count() == 2


def test_renamed_back_the_old_address_is_the_page_again(resident):
    district = DistrictFactory(slug="a")
    rename(district, "b")
    rename(district, "a")
    assert resident.get("/quartiere/a/").status_code == 200
    assert resident.get("/quartiere/b/")["Location"] == "/quartiere/a/"
    assert not SlugRedirect.objects.filter(old_slug="a").exists()


def test_new_entry_taking_an_old_slug_wins(kind, resident):
    factory, path = kind
    old = rename(factory(slug="frei"), "umbenannt")
    new = factory(slug="frei")
    response = resident.get(path("frei"))
    assert response.status_code == 200
    assert response.context["object"] == new
    assert not SlugRedirect.objects.filter(old_slug="frei").exists()
    assert old.pk != new.pk


def test_new_draft_taking_an_old_slug_does_not_send_visitors_to_the_old_entry(resident):
    rename(OrganisationFactory(slug="frei"), "umbenannt")
    OrganisationFactory(slug="frei", published=False)
    assert resident.get("/partner/frei/").status_code == 404


def test_same_slug_in_another_model_is_not_confused(resident):
    rename(ProjectFactory(slug="gleich"), "projekt-neu")
    assert resident.get("/partner/gleich/").status_code == 404
    assert resident.get("/projekte/gleich/").status_code == 301


def test_unpublished_target_is_a_404_for_residents(kind, resident):
    factory, path = kind
    rename(factory(slug="alt", published=False), "entwurf")
    response = resident.get(path("alt"))
    assert response.status_code == 404
    assert path("entwurf").encode() not in response.content


def test_unpublished_target_gets_staff_a_temporary_redirect(client_for, editor):
    rename(ProjectFactory(slug="alt", published=False), "entwurf")
    response = client_for(editor).get("/projekte/alt/")
    assert (response.status_code, response["Location"]) == (302, "/projekte/entwurf/")


def test_target_taken_offline_later_is_a_404(resident):
    project = rename(ProjectFactory(slug="alt"), "neu")
    project.published = False
    project.save()
    assert resident.get("/projekte/alt/").status_code == 404


def test_deleted_entry_leaves_no_redirect(kind, resident):
    factory, path = kind
    obj = rename(factory(slug="alt"), "neu")
    obj.delete()
    assert resident.get(path("alt")).status_code == 404
    assert not SlugRedirect.objects.exists()


def test_unknown_slug_stays_404(resident):
    assert resident.get("/projekte/gibt-es-nicht/").status_code == 404
    assert resident.get("/gibt-es-nicht/").status_code == 404


def test_post_to_an_old_address_is_not_redirected(resident):
    rename(ProjectFactory(slug="alt"), "neu")
    assert resident.post("/projekte/alt/").status_code in (404, 405)


def test_saving_without_renaming_keeps_no_row():
    project = ProjectFactory(slug="bleibt")
    project.summary = "Neu beschrieben."
    project.save()
    assert not SlugRedirect.objects.exists()
