"""The delete confirmation names what goes with an entry in words staff read: the links
to other entries (rows of a many-to-many table) by both ends, not "..._organisations
object (23)"."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partners.tests.factories import OrganisationFactory
from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def german(message, **params):
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % params


@pytest.fixture
def project(db):
    project = ProjectFactory(title="Quartiersgarten")
    project.responsible_organisations.set([OrganisationFactory(name="Gartenverein Heven")])
    project.related_projects.set([ProjectFactory(title="Spielplatz Nord")])
    return project


def test_delete_page_names_the_links(client_for, editor, project):
    page = client_for(editor).get(reverse("admin:projects_project_delete", args=[project.pk])).content.decode()
    assert " object (" not in page
    assert (
        german(
            "Link: %(first)s – %(second)s", first="Projekt Quartiersgarten", second="Organisation Gartenverein Heven"
        )
        in page
    )
    assert german("Links %(first)s – %(second)s", first="Projekt", second="Organisation") in page
    assert "Spielplatz Nord" in page


def test_delete_action_names_the_links(client_for, admin_user, project):
    response = client_for(admin_user).post(
        reverse("admin:projects_project_changelist"), {"action": "delete_selected", "_selected_action": [project.pk]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert " object (" not in page
    assert "Gartenverein Heven" in page


def test_delete_refused_without_rights(client, client_for, reviewer, project):
    url = reverse("admin:projects_project_delete", args=[project.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert client_for(reviewer).get(url).status_code == 403
    assert client_for(reviewer).post(url, {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_delete_still_deletes(client_for, editor, project):
    response = client_for(editor).post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
