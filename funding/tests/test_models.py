"""Money is Decimal, amounts are never negative, one funding per project and programme."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import Sum

from funding.models import Funding
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from projects.tests.factories import ProjectFactory


@pytest.mark.django_db
def test_amounts_are_exact_decimals():
    programme = FundingProgrammeFactory()
    for amount in ("0.10", "0.20", "1234567.89"):
        FundingFactory(programme=programme, amount=Decimal(amount))
    total = Funding.objects.filter(programme=programme).aggregate(total=Sum("amount"))["total"]
    assert total == Decimal("1234568.19")


@pytest.mark.django_db
def test_negative_amount_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        FundingFactory(amount=Decimal("-0.01"))


@pytest.mark.django_db
def test_share_must_be_a_percentage():
    with pytest.raises(IntegrityError):
        FundingFactory(share=Decimal("100.01"))


@pytest.mark.django_db
def test_one_funding_per_project_and_programme():
    project, programme = ProjectFactory(), FundingProgrammeFactory()
    FundingFactory(project=project, programme=programme)
    with pytest.raises(IntegrityError):
        FundingFactory(project=project, programme=programme)


@pytest.mark.django_db
def test_programme_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        FundingProgrammeFactory(period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2023, 12, 31))


@pytest.mark.django_db
def test_a_funding_is_public_when_its_programme_and_its_project_are():
    public = FundingFactory()
    draft_programme = FundingFactory(programme=FundingProgrammeFactory(published=False))
    draft_project = FundingFactory(project=ProjectFactory(published=False))
    assert set(Funding.objects.in_published_programmes()) == {public, draft_project}
    assert set(Funding.objects.of_published_projects()) == {public, draft_programme}
    assert list(Funding.objects.published()) == [public]
    # Related managers carry the same names: a programme page lists its public projects' money.
    assert list(draft_programme.programme.fundings.of_published_projects()) == [draft_programme]
