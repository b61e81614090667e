"""The query helpers on the querysets: who sees drafts (``visible_to``), the cards'
prefetches (``for_cards``), the money per programme (``totals_per_programme``) and the
one date-window rule (planned/running/completed) of projects, districts and programmes."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from core.content import DateWindow, date_window_status
from funding.models import Funding, FundingProgramme
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.models import Organisation
from partners.tests.factories import OrganisationFactory
from projects.models import Project, Status
from projects.tests.factories import ProjectFactory
from quartier.models import District, Office, ProgrammeStatus
from quartier.tests.factories import DistrictFactory, OfficeFactory

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 6, 15)  # a fixed day: every date below is relative to it

PUBLISHABLE = [
    (District, DistrictFactory),
    (Office, OfficeFactory),
    (Organisation, OrganisationFactory),
    (Project, ProjectFactory),
    (FundingProgramme, FundingProgrammeFactory),
]


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohnegruppe", password="x", is_staff=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "factory"), PUBLISHABLE, ids=lambda value: getattr(value, "__name__", ""))
@pytest.mark.parametrize("persona", ["anonymous", "staff_without_group", "reviewer", "editor", "admin_user"])
def test_visible_to_shows_drafts_only_to_staff_who_may_view_the_model(request, model, factory, persona):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    # "Prüfung" may view organisations (to pick the one a request joins), nothing else here.
    sees_drafts = persona in ("editor", "admin_user") or (persona == "reviewer" and model is Organisation)
    public, draft = factory(), factory(published=False)

    seen = set(model.objects.visible_to(user))

    assert public in seen
    assert (draft in seen) is sees_drafts
    # The same answer from a queryset that is already filtered.
    assert set(model.objects.filter(pk=draft.pk).visible_to(user)) == ({draft} if sees_drafts else set())


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, None),
        (None, TODAY - DAY, None),  # no start: no window at all
        (TODAY + DAY, None, DateWindow.PLANNED),
        (TODAY, TODAY, DateWindow.RUNNING),
        (TODAY - 10 * DAY, None, DateWindow.RUNNING),
        (TODAY - 10 * DAY, TODAY - DAY, DateWindow.COMPLETED),
    ],
)
def test_date_window_status_is_one_rule(start, end, expected):
    assert date_window_status(start, end, today=TODAY) == expected
    if start is not None:
        assert Project(start=start, end=end).status(today=TODAY) == expected
    assert District(programme_start=start, programme_end=end).programme_status(today=TODAY) == (
        ProgrammeStatus(expected) if expected else ProgrammeStatus.NONE
    )
    assert FundingProgramme(period_start=start, period_end=end).status(today=TODAY) == expected


def test_project_status_and_the_date_window_share_their_words():
    assert Status is DateWindow
    assert set(Status.values) == {"planned", "running", "completed"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "make", "status_of"),
    [
        (
            District,
            lambda start, end: DistrictFactory(programme_start=start, programme_end=end),
            lambda obj: date_window_status(obj.programme_start, obj.programme_end, today=TODAY),
        ),
        (
            FundingProgramme,
            lambda start, end: FundingProgrammeFactory(period_start=start, period_end=end),
            lambda obj: obj.status(today=TODAY),
        ),
    ],
    ids=["district", "programme"],
)
def test_window_querysets_agree_with_the_rule(model, make, status_of):
    rows = [
        make(None, None),
        make(TODAY + 5 * DAY, None),
        make(TODAY - 5 * DAY, TODAY),
        make(TODAY - 5 * DAY, None),
        make(TODAY - 50 * DAY, TODAY - DAY),
    ]
    annotated = {obj.pk: obj.status_code for obj in model.objects.annotate_status(TODAY)}
    for obj in rows:
        expected = status_of(obj)
        assert annotated[obj.pk] == expected
        for status in DateWindow:
            assert (obj in model.objects.with_status(status, TODAY)) is (status == expected)
    assert model.objects.running(TODAY).count() == 2


@pytest.mark.django_db
def test_for_cards_fetches_field_and_published_districts_in_two_queries(django_assert_num_queries):
    shown, hidden = DistrictFactory(), DistrictFactory(published=False)
    for _ in range(3):
        ProjectFactory().districts.set([shown, hidden])

    with django_assert_num_queries(2):
        cards = list(Project.objects.for_cards())
        names = [[d.name for d in project.districts.all()] for project in cards]
        fields = [project.field_of_action for project in cards]

    assert names == [[shown.name]] * 3
    assert fields == [None] * 3


@pytest.mark.django_db
def test_totals_per_programme_sums_in_sql_largest_first():
    small, large = FundingProgrammeFactory(name="A klein"), FundingProgrammeFactory(name="B groß")
    FundingFactory(programme=small, amount=Decimal("100"))
    FundingFactory(programme=large, amount=Decimal("300"))
    FundingFactory(programme=large, amount=Decimal("200"))

    rows = list(Funding.objects.totals_per_programme())

    assert [(row["programme__slug"], row["total"]) for row in rows] == [
        (large.slug, Decimal("500")),
        (small.slug, Decimal("100")),
    ]
    assert set(rows[0]) == {"programme__name", "programme__short_name", "programme__slug", "total"}
