"""Change history: every change staff make in the back office is kept, with who made it."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from simple_history.admin import SimpleHistoryAdmin

from core.tests.admin_form import admin_form_data
from quartier.models import District
from quartier.tests.factories import DistrictFactory, OfficeFactory

PORTAL_APPS = {"quartier", "partners", "funding", "projects"}


@pytest.mark.parametrize(
    "model",
    [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS],
    ids=lambda m: m._meta.label,
)
def test_every_portal_model_keeps_history_and_shows_it_in_the_back_office(model):
    assert hasattr(model, "history"), f"{model._meta.label} has no HistoricalRecords"
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.django_db
def test_a_change_in_the_admin_is_recorded_with_its_author(client_for, editor):
    district = DistrictFactory(name="Heven-Ost")
    OfficeFactory(district=district, name="Quartiersbüro Heven")
    client = client_for(editor)
    url = reverse("admin:quartier_district_change", args=[district.pk])
    data = admin_form_data(client.get(url), District)
    data["name"] = "Heven-Ost/Crengeldanz"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = district.history.latest()
    assert latest.name == "Heven-Ost/Crengeldanz"
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.prev_record.name == "Heven-Ost"

    page = client.get(reverse("admin:quartier_district_history", args=[district.pk]))
    assert page.status_code == 200
    assert editor.username in page.content.decode()


@pytest.mark.django_db
def test_the_publish_actions_leave_a_record_per_entry(client_for, editor):
    hidden = DistrictFactory(published=False)
    shown = DistrictFactory(published=True)
    client = client_for(editor)
    response = client.post(
        reverse("admin:quartier_district_changelist"),
        {"action": "publish", "_selected_action": [hidden.pk, shown.pk]},
    )
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.published
    assert hidden.history.latest().history_user == editor
    with translation.override(settings.LANGUAGE_CODE):
        assert hidden.history.latest().history_change_reason == translation.gettext("Published")
        assert translation.gettext("%(count)d entry published.") % {"count": 1} in [
            str(message) for message in get_messages(response.wsgi_request)
        ]
    assert shown.history.count() == 1  # already published: untouched

    client.post(
        reverse("admin:quartier_district_changelist"),
        {"action": "archive", "_selected_action": [shown.pk]},
    )
    shown.refresh_from_db()
    assert shown.archived
    assert shown.history.latest().history_user == editor
