from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from funding.models import Funder, Funding, FundingProgramme


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Fördergeber {n}")
    slug = factory.Sequence(lambda n: f"foerdergeber-{n}")
    level = Funder.Level.BUND


class FundingProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = FundingProgramme
        skip_postgeneration_save = True

    published = True  # the model's default is a draft
    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    short_name = factory.Sequence(lambda n: f"FP {n}")
    slug = factory.Sequence(lambda n: f"foerderprogramm-{n}")
    kind = FundingProgramme.Kind.BIWAQ
    summary = "Ein Programm für Arbeit und lokale Wirtschaft."

    @factory.post_generation
    def funders(self, create, extracted, **kwargs):
        if create:
            self.funders.set(extracted if extracted is not None else [FunderFactory()])


class FundingFactory(DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory("projects.tests.factories.ProjectFactory")
    programme = factory.SubFactory(FundingProgrammeFactory)
    amount = Decimal("50000.00")
