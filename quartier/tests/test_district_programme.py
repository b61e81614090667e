"""A district names its funding programme: the page said "Förderprogramm – laufend"
without naming one (issue 12, point 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
END = datetime.date(2030, 12, 31)


def test_the_page_names_the_programme_with_status_and_runtime(resident):
    district = DistrictFactory(
        programme_name="Städtebauförderung – Sozialer Zusammenhalt", programme_start=START, programme_end=END
    )
    page = resident.get(district.get_absolute_url()).content.decode()
    section = page[page.index('<dl class="facts">') :]
    section = section[: section.index("</dl>")]
    assert "Städtebauförderung – Sozialer Zusammenhalt" in section
    assert "01.01.2024 – 31.12.2030" in section


def test_a_district_without_programme_shows_no_name(resident):
    district = DistrictFactory()
    page = resident.get(district.get_absolute_url()).content.decode()
    assert "<dt>Programm" not in page


def test_dates_without_a_programme_name_are_refused():
    district = DistrictFactory.build(programme_start=START, programme_end=END, programme_name="")
    with pytest.raises(ValidationError) as caught:
        district.full_clean()
    assert list(caught.value.error_dict) == ["programme_name"]
    district.programme_name = "Lebendige Zentren"
    district.full_clean()


def test_editor_sees_the_field_beside_the_dates(client_for, editor):
    district = DistrictFactory()
    page = client_for(editor).get(reverse("admin:quartier_district_change", args=[district.pk]))
    assert page.status_code == 200
    assert 'name="programme_name"' in page.content.decode()
