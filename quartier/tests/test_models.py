"""Districts: visibility, programme status from dates, GeoJSON validation, slugs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from core.content import german_slugify, unique_slug
from quartier.geo import validate_boundary
from quartier.models import District, ProgrammeStatus
from quartier.tests.factories import SQUARE, DistrictFactory

TODAY = datetime.date(2026, 6, 15)  # a fixed day: every test runs at its noon (Europe/Berlin)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _today(freeze_day):
    freeze_day(TODAY)


@pytest.mark.django_db
def test_published_districts():
    shown = DistrictFactory()
    DistrictFactory(published=False)
    assert list(District.objects.published()) == [shown]


def test_programme_status_from_dates():
    assert District().programme_status(TODAY) == ProgrammeStatus.NONE
    assert District(programme_start=TODAY + DAY).programme_status(TODAY) == ProgrammeStatus.PLANNED
    assert District(programme_start=TODAY - DAY).programme_status(TODAY) == ProgrammeStatus.RUNNING
    ended = District(programme_start=TODAY - 9 * DAY, programme_end=TODAY - DAY)
    assert ended.programme_status(TODAY) == ProgrammeStatus.COMPLETED


@pytest.mark.django_db
def test_programme_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        DistrictFactory(programme_start=TODAY, programme_end=TODAY - DAY)


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [7.3, 51.4]},
        {"type": "Polygon", "coordinates": [[[7.3, 51.4], [7.4, 51.4], [7.3, 51.4]]]},  # too few points
        {"type": "Polygon", "coordinates": [[[7.3, 51.4], [7.4, 51.4], [7.4, 51.5], [7.3, 51.5]]]},  # not closed
        {"type": "Polygon", "coordinates": [[[700, 51.4], [7.4, 51.4], [7.4, 51.5], [700, 51.4]]]},  # off the globe
        {"type": "Polygon", "coordinates": "<script>"},
        [1, 2, 3],
    ],
)
def test_bad_geojson_is_refused_with_a_message(value):
    with pytest.raises(ValidationError) as error:
        validate_boundary(value)
    assert error.value.code == "invalid_geojson"


def test_good_geojson_passes():
    validate_boundary(SQUARE)
    validate_boundary({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], SQUARE["coordinates"]]})
    validate_boundary({"type": "Feature", "properties": {}, "geometry": SQUARE})


def test_german_slugs_spell_out_umlauts():
    assert german_slugify("Quartiersbüro Straße Öde") == "quartiersbuero-strasse-oede"


@pytest.mark.django_db
def test_unique_slug_counts_up():
    DistrictFactory(slug="heven-ost")
    assert unique_slug(District, "Heven-Ost") == "heven-ost-2"


def test_a_district_image_without_alt_text_and_credit_names_both_at_once():
    district = DistrictFactory.build(image="districts/marktplatz.jpg", image_alt="", image_credit="")
    with pytest.raises(ValidationError) as caught:
        district.clean()
    assert set(caught.value.message_dict) == {"image_alt", "image_credit"}
    DistrictFactory.build(image="districts/marktplatz.jpg", image_alt="Der Markt", image_credit="Foto: Stadt").clean()


@pytest.mark.django_db
def test_new_entries_of_every_publishable_model_start_as_drafts(resident):
    """Nothing half-written reaches residents: an entry saved without ticking "published"
    is a draft, and its public page is not found."""
    from django.apps import apps

    from core.content import PublishableModel

    publishable = [m for m in apps.get_models() if issubclass(m, PublishableModel)]
    assert {m._meta.label for m in publishable} >= {
        "quartier.District",
        "quartier.Office",
        "partners.Organisation",
        "funding.FundingProgramme",
        "projects.Project",
    }
    assert all(m._meta.get_field("published").get_default() is False for m in publishable)
    district = District.objects.create(name="Neues Quartier", slug="neues-quartier")
    assert district.published is False
    assert resident.get(district.get_absolute_url()).status_code == 404
