"""Issue 12, point 11: staff who preview an entry residents do not see get a bar saying
so ("Vorschau – nicht öffentlich", with its state) and, if they may change the entry, a
link back to its form."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.tests.html import find_elements, text_of
from funding.tests.factories import FundingProgrammeFactory
from news.tests.factories import PostFactory
from partners.tests.factories import OrganisationFactory
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

DRAFTS = {
    "project": lambda: ProjectFactory(published=False),
    "district": lambda: DistrictFactory(published=False),
    "organisation": lambda: OrganisationFactory(published=False),
    "programme": lambda: FundingProgrammeFactory(published=False),
    "post": lambda: PostFactory(published=False),
}


def _bar(response):
    bars = find_elements(response.content.decode(), "div", class_="preview-bar")
    return bars[0] if bars else None


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("kind", DRAFTS)
def test_an_editor_sees_the_bar_with_a_way_back_to_the_form(kind, client_for, editor):
    obj = DRAFTS[kind]()
    response = client_for(editor).get(obj.get_absolute_url())
    assert response.status_code == 200
    bar = _bar(response)
    assert bar is not None
    assert "Vorschau – nicht öffentlich" in text_of(bar)
    assert "Entwurf" in text_of(bar)
    assert f'href="{_change_url(obj)}"' in response.content.decode()


def test_a_scheduled_entry_says_when_it_goes_online(client_for, editor):
    moment = timezone.now() + datetime.timedelta(days=2)
    project = ProjectFactory(publish_from=moment)
    bar = _bar(client_for(editor).get(project.get_absolute_url()))
    local = timezone.localtime(moment)
    assert f"geplant: online ab {local:%d.%m.%Y %H:%M}" in text_of(bar)


def test_staff_who_may_only_view_get_no_edit_link(client_for, django_user_model):
    viewer = django_user_model.objects.create_user("nur-lesen", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_project"))
    project = ProjectFactory(published=False)
    response = client_for(viewer).get(project.get_absolute_url())
    assert response.status_code == 200
    assert _bar(response) is not None
    assert _change_url(project) not in response.content.decode()


def test_no_bar_on_a_public_page(client_for, editor, resident):
    project = ProjectFactory()
    assert _bar(client_for(editor).get(project.get_absolute_url())) is None


def test_residents_never_reach_the_draft(resident):
    project = ProjectFactory(published=False)
    response = resident.get(project.get_absolute_url())
    assert response.status_code == 404
    assert _bar(response) is None
