"""Hostile input never gives a 500 in the back office: every registered admin (driven by
``admin.site._registry``) gets changelist parameters, object ids, autocomplete terms,
foreign-key ids and action selections that are NUL bytes, numbers no database column
holds, years no calendar has and plain garbage. The answer is a page (200), Django's
redirect for unusable list filters (302 to ``?e=1``), 400 or 404, or the form with an
error: never a server error. The same runs on SQLite and PostgreSQL (the errors differ:
SQLite cannot bind integers of 64 bits or more, PostgreSQL refuses NUL in strings).

The public pages get the same treatment in their own tests (``BAD_QUERIES``)."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from core.tests.test_admin_access import _content_factories

HUGE = str(10**30)
INT64 = str(2**63)
HOSTILE_VALUES = ["\x00", "a\x00b", HUGE, INT64, "-" + INT64, "abc", "1.5", "", "%", "1,2,x"]
# For every field of every list: one value of each kind. INT64, the first integer beyond
# 64 bits, stands for all larger ones there (HUGE still goes to the search, sort and page).
FIELD_VALUES = [value for value in HOSTILE_VALUES if value != HUGE]
HOSTILE_IDS = ["abc", "\x00", "1\x00", HUGE, INT64, "-1", "1.5", "0x10", "%20"]
DATE_PARTS = ["year", "month", "day", "week_day", "iso_year", "quarter", "week"]
NOT_A_500 = {200, 302, 400, 403, 404}

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _ in ADMINS]


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


class Answers:
    """Collects every request that was not answered properly, so one run names them all."""

    def __init__(self, client):
        self.client = client
        self.failures = []
        self.error_pages = {}  # the answer of each ``?e=1`` page, asked once per test

    def check(self, response, what):
        if response.status_code not in NOT_A_500:
            self.failures.append(f"{what}: {response.status_code}")
        elif response.status_code == 302 and "?e=1" in response.url and self.error_page(response.url) != 200:
            # Django's answer to list parameters it cannot use; its target must answer too.
            self.failures.append(f"{what}: ?e=1 page broken")
        return response

    def error_page(self, url):
        # Every unusable parameter of a list leads to the same page (``<list>?e=1``), and the
        # data does not change between the requests of one test: one visit answers for all.
        if url not in self.error_pages:
            self.error_pages[url] = self.client.get(url).status_code
        return self.error_pages[url]

    def get(self, url, params=None):
        return self.check(self.client.get(url, params), f"GET {url} {params!r}")

    def post(self, url, data):
        return self.check(self.client.post(url, data), f"POST {url} {data!r}")

    def assert_all_answered(self):
        assert not self.failures, "\n".join(self.failures[:40])


def _filtered_fields(model_admin):
    """The fields the list's own filters and date navigation read their parameters for."""
    names = {model_admin.date_hierarchy} if model_admin.date_hierarchy else set()
    for entry in model_admin.list_filter:
        if isinstance(entry, (list, tuple)):
            entry = entry[0]
        if isinstance(entry, str):
            names.add(entry.split("__")[0])
    return names


def _reads_as_text(field, value):
    try:
        return type(field.get_prep_value(value)) is str
    except Exception:  # noqa: BLE001 - an error is a reading of its own
        return False


def _field_values(model_admin, field):
    """The values of FIELD_VALUES sent for one field. A text column is compared with a text
    parameter in one way, whatever the text: of the values the field reads as plain text
    (``abc``, ``1.5``, ``%``, ``""`` ... on a CharField), one stands for all, as the rendered
    list is the same. Every other reading (a number, a date part, no value, an error, a NUL
    byte the middleware refuses) is sent as it is, and so is every value for a relation and
    for a field the list filters by (its filter reads the parameter itself)."""
    if field.is_relation or field.name in _filtered_fields(model_admin):
        return FIELD_VALUES
    values, text_sent = [], False
    for value in FIELD_VALUES:
        if "\x00" not in value and _reads_as_text(field, value):
            if text_sent:
                continue
            text_sent = True
        values.append(value)
    return values


def _changelist_params(model, model_admin):
    """One hostile parameter at a time, for every field the list could be filtered by."""
    yield from ({"q": value} for value in HOSTILE_VALUES)
    yield from ({"o": value} for value in ("1.-2", HUGE, "\x00"))
    yield from ({"p": value} for value in (HUGE, "-1", "\x00"))
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        name = field.name
        for value in _field_values(model_admin, field):
            yield {f"{name}__exact": value}
            yield {f"{name}__in": value}
            if field.is_relation:
                yield {f"{name}__id__exact": value}
                yield {f"{name}__pk__in": value}
            if isinstance(field, models.DateField):
                for part in DATE_PARTS:
                    yield {f"{name}__{part}": value}
        if isinstance(field, models.DateField):
            for part in ("year", "iso_year"):
                yield {f"{name}__{part}": "99999"}
                yield {f"{name}__{part}__gte": "0"}
                yield {f"{name}__{part}__lt": "-5"}
            yield {f"{name}__gte": "99999-01-01"}
            yield {f"{name}__range": "1,2"}


def test_only_text_readings_are_merged():
    from projects.models import Project

    project_admin = admin.site._registry[Project]
    # A text column: the NUL bytes (refused by the middleware) and one text for all others.
    assert _field_values(project_admin, Project._meta.get_field("title")) == ["\x00", "a\x00b", INT64]
    # Numbers, dates and relations read the values differently: every one is sent.
    for name in ("id", "start", "created_at", "total_cost", "field_of_action", "districts"):
        assert _field_values(project_admin, Project._meta.get_field(name)) == FIELD_VALUES, name
    # A field the list filters by (published, archived) reads the parameter in its filter.
    assert _field_values(project_admin, Project._meta.get_field("archived")) == FIELD_VALUES


@pytest.fixture
def fuzz_client(db, admin_user):
    """A superuser's browser (sees every page) that answers a server error with its 500
    page, as gunicorn would, instead of raising it into the test."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    answers = Answers(client)
    yield answers
    answers.assert_all_answered()


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_changelist_survives_hostile_parameters(fuzz_client, model, model_admin):
    url = _url(model, "changelist")
    for params in _changelist_params(model, model_admin):
        fuzz_client.get(url, params)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_object_pages_survive_hostile_ids(fuzz_client, model, model_admin):
    pages = ["change", "delete", "history"]
    for object_id in HOSTILE_IDS:
        for page in pages:
            url = _url(model, page, object_id)
            fuzz_client.get(url)
            fuzz_client.post(url, {"post": "yes"})
        try:
            history_urls = [
                _url(model, "simple_history", object_id, "1"),
                _url(model, "simple_history", "1", object_id),
            ]
        except NoReverseMatch:
            continue  # keeps no history
        for url in history_urls:
            fuzz_client.get(url)
            fuzz_client.post(url, {})


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m, _ in ADMINS], ids=IDS)
def test_view_on_site_survives_hostile_ids(fuzz_client, model):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    for object_id in HOSTILE_IDS:
        url = reverse("admin:view_on_site", args=[content_type.pk, object_id])
        fuzz_client.get(url)
    fuzz_client.get(reverse("admin:view_on_site", args=[10**30, 1]))


AUTOCOMPLETE_FIELDS = [(model, name) for model, model_admin in ADMINS for name in model_admin.autocomplete_fields]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field_name"), AUTOCOMPLETE_FIELDS, ids=[f"{m._meta.label}.{name}" for m, name in AUTOCOMPLETE_FIELDS]
)
def test_autocomplete_survives_hostile_terms(fuzz_client, model, field_name):
    url = reverse("admin:autocomplete")
    base = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name}
    for value in HOSTILE_VALUES:
        for params in ({**base, "term": value}, {**base, "term": "a", "page": value}, {**base, "field_name": value}):
            fuzz_client.get(url, params)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_add_form_survives_hostile_foreign_keys(fuzz_client, model, model_admin):
    url = _url(model, "add")
    if fuzz_client.client.get(url).status_code != 200:
        return  # nobody adds here (e.g. membership requests, the login log)
    relations = [f for f in model._meta.get_fields() if f.is_relation and f.concrete and f.editable]
    assert relations or model._meta.model_name in {"sitepage", "funder", "fieldofaction", "targetgroup", "district"}
    for field in relations:
        for value in HOSTILE_VALUES:
            response = fuzz_client.post(url, {field.name: value})
            assert response.status_code != 302, "saved with a hostile id"


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=IDS)
def test_actions_survive_hostile_selections(fuzz_client, model, model_admin, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    url = _url(model, "changelist")
    factory = _content_factories().get((model._meta.app_label, model._meta.model_name))
    existing = str(factory().pk) if factory else None
    for action in model_admin.get_actions(request):
        for value in HOSTILE_VALUES:
            selections = [[value], [existing, value]] if existing else [[value]]
            for selected in selections:
                data = {"action": action, "index": "0", "_selected_action": selected}
                fuzz_client.post(url, data)
        if factory:
            assert model._default_manager.filter(pk=existing).exists(), "a hostile selection deleted a row"


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_membership_form_refuses_hostile_districts_beside_the_field(resident, value):
    response = resident.post(
        "/mitmachen/",
        {"organisation_name": "Stadtteilladen e.V.", "contact_email": "a@example.org", "districts": [value]},
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "districts" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_approving_a_membership_request_refuses_a_hostile_organisation_id(client_for, reviewer, value):
    """The decision page's own form has an organisation autocomplete too."""
    from partners.admin.membership import text_key
    from partners.models import MembershipRequest
    from partners.tests.factories import MembershipRequestFactory

    request = MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED)
    url = reverse("admin:partners_membershiprequest_approve", args=[request.pk])
    previewed = text_key("")  # the send button after the preview of an e-mail without a note
    response = client_for(reviewer).post(url, {"organisation": value, "decide": "1", "previewed": previewed})
    assert response.status_code in (200, 302, 400)
    request.refresh_from_db()
    if value:  # empty: approved with a new organisation, as meant
        assert request.status == MembershipRequest.Status.CONFIRMED
