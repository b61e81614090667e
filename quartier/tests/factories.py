import factory
from factory.django import DjangoModelFactory

from quartier.models import District, Office, SitePage

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[7.30, 51.43], [7.32, 51.43], [7.32, 51.45], [7.30, 51.45], [7.30, 51.43]]],
}


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    published = True  # the model's default is a draft
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    kind = District.Kind.STADTTEIL
    summary = "Ein Stadtteil mit vielen Angeboten."
    description = "Beschreibung des Quartiers."
    boundary = SQUARE
    programme_start = None
    programme_end = None
    # A district with programme dates names its programme (District.clean).
    programme_name = factory.LazyAttribute(
        lambda d: "Sozialer Zusammenhalt" if d.programme_start or d.programme_end else ""
    )


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    published = True  # the model's default is a draft
    name = factory.Sequence(lambda n: f"Quartiersbüro {n}")
    district = factory.SubFactory(DistrictFactory)
    street = "Hauptstraße 1"
    postcode = "58452"
    city = "Witten"
    opening_hours = "Mo 10–12 Uhr\nDo 15–18 Uhr"


class SitePageFactory(DjangoModelFactory):
    class Meta:
        model = SitePage
        django_get_or_create = ["slug"]

    slug = SitePage.Slug.IMPRESSUM
    title = "Impressum"
    body = "Herausgeberin ist die Stadt."
