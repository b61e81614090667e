import factory
from factory.django import DjangoModelFactory

from partners.models import ContactPerson, MembershipRequest, Organisation, OrganisationKind


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    published = True  # the model's default is a draft
    name = factory.Sequence(lambda n: f"Träger {n} gGmbH")
    slug = factory.Sequence(lambda n: f"traeger-{n}")
    kind = OrganisationKind.WOHLFAHRTSVERBAND
    description = "Ein Träger im Netzwerk."
    email = factory.Sequence(lambda n: f"traeger{n}@example.org")


class MemberFactory(OrganisationFactory):
    is_member = True
    member_since = factory.Faker("date_between", start_date="-8y", end_date="-1y")


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Sequence(lambda n: f"Alex Beispiel {n}")
    role = "Quartiersmanagement"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    publication_consent = True


class MembershipRequestFactory(DjangoModelFactory):
    class Meta:
        model = MembershipRequest

    organisation_name = factory.Sequence(lambda n: f"Nachbarschaftsverein {n} e.V.")
    organisation_kind = OrganisationKind.VEREIN
    street = "Ruhrstraße 5"
    postcode = "58452"
    city = "Witten"
    offer = "Offene Treffs und Hausaufgabenhilfe."
    contact_name = "Kim Muster"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    consent = True
