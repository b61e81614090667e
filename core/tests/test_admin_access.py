"""Who may open which page of the back office, per persona, for every registered model
(driven by ``admin.site._registry``, so a new model is covered without a new test)."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from core.staff_groups import CONTENT_MODELS
from quartier.models import SitePage

# Every registered model is covered; list a model here only with a reason.
OUT_OF_SCOPE = set()
MEMBERSHIP_REQUESTS = ("partners", "membershiprequest")
# What the reviewer group may look at (core.staff_groups.GROUP_PERMISSIONS).
REVIEWER_CAN_VIEW = {MEMBERSHIP_REQUESTS, ("partners", "organisation"), ("outbox", "outboxmail")}

CONTENT = {(app, model) for app, models in CONTENT_MODELS.items() for model in models}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if (model._meta.app_label, model._meta.model_name) not in OUT_OF_SCOPE
)


def _url(key, page):
    return reverse(f"admin:{key[0]}_{key[1]}_{page}")


def _superuser_may_add(key):
    """Some third-party admins (django-axes' log) offer no add page, even to a superuser."""
    model_admin = next(ma for m, ma in admin.site._registry.items() if (m._meta.app_label, m._meta.model_name) == key)
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return model_admin.has_add_permission(request)


def test_every_content_model_is_in_the_back_office():
    assert set(REGISTERED) >= CONTENT


def test_the_admin_lives_at_the_configured_address():
    assert reverse("admin:index") == "/" + settings.ADMIN_URL


@pytest.mark.django_db
@pytest.mark.parametrize("key", REGISTERED, ids="{0[0]}.{0[1]}".format)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_user_opens_every_page(client_for, admin_user, key, page):
    response = client_for(admin_user).get(_url(key, page))
    expected = 200 if page == "changelist" or _superuser_may_add(key) else 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("key", REGISTERED, ids="{0[0]}.{0[1]}".format)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_editor_opens_content_pages_only(client_for, editor, key, page):
    response = client_for(editor).get(_url(key, page))
    assert response.status_code == (200 if key in CONTENT else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("key", REGISTERED, ids="{0[0]}.{0[1]}".format)
def test_reviewer_sees_only_what_it_needs_and_adds_nothing(client_for, reviewer, key):
    client = client_for(reviewer)
    assert client.get(_url(key, "changelist")).status_code == (200 if key in REVIEWER_CAN_VIEW else 403)
    assert client.get(_url(key, "add")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("key", REGISTERED, ids="{0[0]}.{0[1]}".format)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_anonymous_is_sent_to_the_login(resident, key, page):
    url = _url(key, page)
    response = resident.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "next=" in response.url


@pytest.mark.django_db
def test_membership_requests_are_listed_for_admin_and_reviewer_only(client_for, admin_user, editor, reviewer, resident):
    # The list page only: which rows it shows (confirmed or decided requests) is the
    # membership workflow's business and tested there.
    url = _url(MEMBERSHIP_REQUESTS, "changelist")
    anonymous = resident.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("admin:login"))
    assert client_for(editor).get(url).status_code == 403
    assert client_for(reviewer).get(url).status_code == 200
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.django_db
def test_membership_requests_are_added_only_through_the_public_form(client_for, admin_user, editor, reviewer, resident):
    url = _url(MEMBERSHIP_REQUESTS, "add")
    anonymous = resident.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("admin:login"))
    for user in (editor, reviewer, admin_user):  # not even a superuser
        assert client_for(user).get(url).status_code == 403, user.username


def _content_factories():
    from funding.tests import factories as funding
    from news.tests import factories as news
    from partners.tests import factories as partners
    from projects.tests import factories as projects
    from quartier.tests import factories as quartier

    return {
        ("quartier", "district"): quartier.DistrictFactory,
        ("quartier", "office"): quartier.OfficeFactory,
        ("quartier", "sitepage"): quartier.SitePageFactory,
        ("partners", "organisation"): partners.OrganisationFactory,
        ("partners", "contactperson"): partners.ContactPersonFactory,
        ("funding", "funder"): funding.FunderFactory,
        ("funding", "fundingprogramme"): funding.FundingProgrammeFactory,
        ("funding", "funding"): funding.FundingFactory,
        ("projects", "project"): projects.ProjectFactory,
        ("projects", "projectimage"): projects.ProjectImageFactory,
        ("projects", "fieldofaction"): projects.FieldOfActionFactory,
        ("projects", "targetgroup"): projects.TargetGroupFactory,
        ("news", "post"): news.PostFactory,
        ("news", "postimage"): news.PostImageFactory,
        ("news", "event"): news.EventFactory,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(CONTENT), ids="{0[0]}.{0[1]}".format)
def test_editor_opens_the_change_and_history_page_of_every_content_model(client_for, editor, key):
    factories = _content_factories()
    assert set(factories) == CONTENT
    obj = factories[key]()
    client = client_for(editor)
    assert client.get(reverse(f"admin:{key[0]}_{key[1]}_change", args=[obj.pk])).status_code == 200
    if hasattr(type(obj), "history"):
        assert client.get(reverse(f"admin:{key[0]}_{key[1]}_history", args=[obj.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(CONTENT), ids="{0[0]}.{0[1]}".format)
def test_changelists_run_a_fixed_number_of_queries(client_for, editor, key, django_assert_max_num_queries):
    factory = _content_factories()[key]
    client = client_for(editor)
    url = _url(key, "changelist")
    factory()
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(20) as one_row:
        assert client.get(url).status_code == 200
    if key != ("quartier", "sitepage"):  # one row per page kind: no batch to make
        factory.create_batch(6)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_reviewer_reads_an_organisation_but_cannot_change_it(client_for, reviewer):
    from partners.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Diakonie Mark-Ruhr")
    client = client_for(reviewer)
    url = reverse("admin:partners_organisation_change", args=[organisation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(url, {"name": "Umbenannt"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Diakonie Mark-Ruhr"


@pytest.mark.django_db
def test_site_pages_are_edited_but_never_deleted(client_for, editor, admin_user):
    """The footer of every page links to Impressum, Datenschutz and Barrierefreiheit."""
    page = SitePage.objects.get(slug=SitePage.Slug.IMPRESSUM)  # from migration 0004
    delete_url = reverse("admin:quartier_sitepage_delete", args=[page.pk])
    for user in (editor, admin_user):
        client = client_for(user)
        assert client.get(reverse("admin:quartier_sitepage_change", args=[page.pk])).status_code == 200
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        changelist = client.get(reverse("admin:quartier_sitepage_changelist"))
        assert b'value="delete_selected"' not in changelist.content
    assert SitePage.objects.filter(pk=page.pk).exists()
