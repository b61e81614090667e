"""Who may do what with posts, post images and events in the back office, per persona,
for reading (GET) and for writing (POST) of every page: add, change, delete, the publish
action, the deleted entries and their restore. The weakest personas (a resident, staff
without a group, the reviewers of membership requests) are refused and change nothing;
the editors (Redaktion) may do all of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.admin_form import admin_form_data
from news.models import Event, EventOccurrence, Post, PostImage
from news.tests.factories import EventFactory, PostFactory, PostImageFactory
from projects.tests.factories import png_upload

pytestmark = pytest.mark.django_db

MODELS = {"post": PostFactory, "postimage": PostImageFactory, "event": EventFactory}
REFUSED = ["anonymous", "no_group", "reviewer"]


@pytest.fixture
def acting(request, client, client_for, django_user_model):
    """``acting(persona)``: a client for that persona (``None`` for a resident)."""

    def as_persona(persona):
        if persona == "anonymous":
            return client
        if persona == "no_group":
            user = django_user_model.objects.create_user(username="ohnegruppe", password="x" * 20, is_staff=True)
            return client_for(user)
        return client_for(request.getfixturevalue(persona))

    return as_persona


def _url(name, page, *args):
    return reverse(f"admin:news_{name}_{page}", args=args)


def _refused(response):
    """Django's two answers to someone who may not: the login page or 403."""
    if response.status_code == 302:
        return response.url.startswith(reverse("admin:login"))
    return response.status_code == 403


def _add_data(name):
    if name == "postimage":
        return {
            "post": str(PostFactory().pk),
            "image": png_upload(),
            "alt_text": "Menschen am Tisch",
            "credit": "Foto: Jana Beispiel",
            "position": "0",
        }
    start = timezone.localtime() + datetime.timedelta(days=3)
    return {
        "post": {
            "title": "Erste Werkstatt in Wehringhausen",
            "slug": "",
            "date": timezone.localdate().isoformat(),
            "teaser": "Zwanzig Menschen kamen.",
            "body": "Ein Absatz.",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
        "event": {
            "title": "Stadtteilfest",
            "slug": "",
            "summary": "Ein Fest für alle.",
            "start_0": start.date().isoformat(),
            "start_1": "14:00",
            "end_0": start.date().isoformat(),
            "end_1": "18:00",
            "repeat": Event.Repeat.NONE,
            "status": Event.Status.SCHEDULED,
            "registration": Event.Registration.NONE,
            "venue": "Marktplatz",
        },
    }[name]


def _model(name):
    return {"post": Post, "postimage": PostImage, "event": Event}[name]


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("persona", REFUSED)
def test_weak_personas_may_neither_read_nor_write(acting, persona, name):
    obj = MODELS[name]()
    model = type(obj)
    before = (model.objects.count(), str(obj), obj.history.count())
    client = acting(persona)

    for page, args in [("changelist", []), ("add", []), ("change", [obj.pk]), ("delete", [obj.pk])]:
        assert _refused(client.get(_url(name, page, *args))), f"GET {page}"
    assert _refused(client.get(_url(name, "history", obj.pk))), "GET history"

    assert _refused(client.post(_url(name, "add"), _add_data(name))), "POST add"
    changed = {**_add_data(name), "title": "Übernommen", "alt_text": "Übernommen"}
    assert _refused(client.post(_url(name, "change", obj.pk), changed)), "POST change"
    assert _refused(client.post(_url(name, "delete", obj.pk), {"post": "yes"})), "POST delete"
    if name != "postimage":
        action = {"action": "unpublish", "_selected_action": [obj.pk]}
        response = client.post(_url(name, "changelist"), action)
        assert _refused(response), "POST unpublish"

    obj.refresh_from_db()
    assert (model.objects.count(), str(obj), obj.history.count()) == before
    if name != "postimage":
        assert obj.published


@pytest.mark.parametrize("name", ["post", "event"])
@pytest.mark.parametrize("persona", REFUSED)
def test_weak_personas_cannot_restore_a_deleted_entry(acting, admin_user, client_for, persona, name):
    obj = MODELS[name]()
    pk = obj.pk
    obj.delete()
    deletion = _model(name).history.filter(id=pk, history_type="-").get()
    client = acting(persona)
    restore = reverse(f"admin:news_{name}_restore", args=[deletion.history_id])
    assert _refused(client.get(reverse(f"admin:news_{name}_deleted")))
    assert _refused(client.post(restore))
    assert not _model(name).objects.filter(pk=pk).exists()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_editor_adds_changes_and_deletes(client_for, editor, name):
    client = client_for(editor)
    model = _model(name)
    for page in ("changelist", "add"):
        assert client.get(_url(name, page)).status_code == 200

    response = client.post(_url(name, "add"), _add_data(name))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj = model.objects.latest("pk")
    assert obj.history.latest().history_user == editor

    url = _url(name, "change", obj.pk)
    data = admin_form_data(client.get(url), model)
    field = "alt_text" if name == "postimage" else "title"
    if name == "postimage":
        data.pop("image", None)  # the stored file stays
    response = client.post(url, {**data, field: "Geändert von der Redaktion"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, field) == "Geändert von der Redaktion"

    assert client.get(_url(name, "history", obj.pk)).status_code == 200
    assert client.get(_url(name, "delete", obj.pk)).status_code == 200
    assert client.post(_url(name, "delete", obj.pk), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_editor_publishes_and_unpublishes_with_the_actions(client_for, editor):
    post = PostFactory(published=False)
    event = EventFactory(published=False)
    client = client_for(editor)
    for obj, name in ((post, "post"), (event, "event")):
        client.post(_url(name, "changelist"), {"action": "publish", "_selected_action": [obj.pk]})
        obj.refresh_from_db()
        assert obj.published
        assert obj.history.latest().history_change_reason == "Veröffentlicht"
        client.post(_url(name, "changelist"), {"action": "unpublish", "_selected_action": [obj.pk]})
        obj.refresh_from_db()
        assert not obj.published


def test_editor_restores_a_deleted_event_with_its_dates_and_a_post_with_its_images(client_for, editor):
    event = EventFactory(repeat=Event.Repeat.WEEKLY)
    event.repeat_until = timezone.localtime(event.start).date() + datetime.timedelta(weeks=3)
    event.save()
    post = PostImageFactory().post
    client = client_for(editor)
    for obj, name in ((event, "event"), (post, "post")):
        pk = obj.pk
        assert client.post(_url(name, "delete", pk), {"post": "yes"}).status_code == 302
        deletion = _model(name).history.filter(id=pk, history_type="-").get()
        deleted_page = client.get(reverse(f"admin:news_{name}_deleted"))
        assert deleted_page.status_code == 200 and str(obj) in deleted_page.content.decode()
        response = client.post(reverse(f"admin:news_{name}_restore", args=[deletion.history_id]))
        assert response.status_code == 302
    assert EventOccurrence.objects.filter(event_id=event.pk).count() == 4
    assert PostImage.objects.filter(post_id=post.pk).count() == 1
