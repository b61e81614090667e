"""``seed_scale``: the demo network grown in proportion, with a realistic skew, in bulk;
a second run adds nothing, a bigger one the difference; the public pages still render."""

import io
import statistics
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from core import page_cache
from funding.models import Funding, FundingProgramme
from partners.models import ContactPerson, Organisation
from portal.demo import demo_load
from portal.demo.scale import generated_project_numbers, scale_load, sector_boundary, sizes
from projects.models import Project, ProjectImage
from quartier.geo import validate_boundary
from quartier.models import District

pytestmark = pytest.mark.django_db

PROJECTS = 200


def _counts():
    return {
        "projects": Project.objects.count(),
        "organisations": Organisation.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "districts": District.objects.count(),
        "programmes": FundingProgramme.objects.count(),
        "fundings": Funding.objects.count(),
    }


@pytest.fixture(scope="class")
def grown(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo network (without pictures) plus ``seed_scale --projects 200``, seeded once for
    the class; rolled back at its end."""
    media = tmp_path_factory.mktemp("scale-media")
    out = io.StringIO()
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        demo_load(pictures=False)
        demo = _counts()
        slugs = SimpleNamespace(
            projects=set(Project.objects.values_list("slug", flat=True)),
            organisations=set(Organisation.objects.values_list("slug", flat=True)),
            districts=set(District.objects.values_list("slug", flat=True)),
        )
        call_command("seed_scale", "--projects", str(PROJECTS), stdout=out)
        yield SimpleNamespace(demo=demo, slugs=slugs, output=out.getvalue(), media=media)
        transaction.set_rollback(True)


@pytest.mark.usefixtures("grown")
class TestGrownNetwork:
    @pytest.fixture(autouse=True)
    def _grown_media(self, _media_in_tmp, settings, grown):
        settings.MEDIA_ROOT = grown.media

    def test_counts_in_proportion(self, grown):
        added = {key: count - grown.demo[key] for key, count in _counts().items()}
        want = sizes(PROJECTS)
        assert added["projects"] == PROJECTS
        assert added["organisations"] == want["organisations"] == 20
        assert added["contacts"] == want["contacts"] == 40
        assert added["districts"] == want["districts"]
        assert added["programmes"] == want["programmes"]
        # one to three programmes per project, two on average
        assert 1.6 * PROJECTS <= added["fundings"] <= 2.4 * PROJECTS
        assert "200 Projekte" in grown.output and "20 Organisationen" in grown.output

    def test_everything_generated_is_published_and_linked(self, grown):
        generated = Project.objects.filter(code__regex=r" [0-9]+$").exclude(slug__in=grown.slugs.projects)
        assert generated.count() == PROJECTS
        assert not generated.filter(published=False).exists()
        assert not generated.filter(districts=None).exists()
        assert not generated.filter(responsible_organisations=None).exists()
        assert not generated.filter(fundings=None).exists()
        assert not Organisation.objects.filter(published=False).exclude(slug__in=grown.slugs.organisations).exists()
        assert generated.filter(title__contains="garten").exists()  # compounds for the search
        # the timestamps that save() would set are set by the bulk insert too
        assert not generated.filter(created_at=None).exists() and not generated.filter(updated_at=None).exists()

    def test_skew_a_few_districts_and_programmes_are_much_bigger(self):
        per_district = sorted(
            District.objects.published().annotate(n=Count("projects")).values_list("n", flat=True), reverse=True
        )
        assert per_district[0] >= 3 * statistics.median(per_district)
        biggest = District.objects.published().annotate(n=Count("projects")).order_by("-n").first()
        assert biggest.slug == "innenstadt"
        per_programme = sorted(
            FundingProgramme.objects.annotate(n=Count("fundings")).values_list("n", flat=True), reverse=True
        )
        assert per_programme[0] >= 2 * statistics.median(per_programme)
        top = Organisation.objects.annotate(n=Count("responsible_for")).order_by("-n").first()
        assert top.slug == "stadt-stadtentwicklung"

    def test_generated_districts_have_valid_boundaries(self, grown):
        generated = District.objects.exclude(slug__in=grown.slugs.districts)
        assert generated.count() == sizes(PROJECTS)["districts"]
        for district in generated:
            validate_boundary(district.boundary)  # the rules of quartier/geo.py
            district.full_clean()
        for index in range(60):  # the sizes of 10,000+ projects
            validate_boundary(sector_boundary(index))

    def test_a_few_small_pictures_with_renditions(self, grown):
        images = ProjectImage.objects.exclude(project__slug__in=grown.slugs.projects)
        assert 1 <= images.count() <= 5
        assert all(image.rendition and image.width and image.height for image in images)
        assert District.objects.exclude(slug__in=grown.slugs.districts).exclude(image="").exists()

    def test_a_second_run_adds_nothing_and_says_so(self):
        before = _counts()
        out = io.StringIO()
        call_command("seed_scale", "--projects", str(PROJECTS), stdout=out)
        assert _counts() == before
        assert "Schon 200 erzeugte Projekte da" in out.getvalue()
        assert "nichts hinzugefügt" in out.getvalue()

    def test_a_bigger_run_adds_the_difference(self):
        before = _counts()
        token = page_cache.generation()
        created = scale_load(projects=PROJECTS + 50, pictures=False)
        assert page_cache.generation() != token  # bulk inserts send no signals: renewed at the end
        assert created["projects"] == 50
        assert _counts()["projects"] == before["projects"] + 50
        assert created["organisations"] == 25 - 20 and created["contacts"] == 50 - 40
        assert len(generated_project_numbers()) == PROJECTS + 50

    def test_public_pages_still_render(self, grown, resident):
        district = District.objects.published().annotate(n=Count("projects")).order_by("-n").first()
        organisation = Organisation.objects.annotate(n=Count("responsible_for")).order_by("-n").first()
        programme = FundingProgramme.objects.annotate(n=Count("fundings")).order_by("-n").first()
        project = Project.objects.exclude(slug__in=grown.slugs.projects).first()
        other = District.objects.exclude(slug__in=grown.slugs.districts).first()
        addresses = [
            "/",
            district.get_absolute_url(),
            other.get_absolute_url(),
            project.get_absolute_url(),
            "/projekte/",
            "/projekte/?seite=10",
            "/partner/",
            organisation.get_absolute_url(),
            programme.get_absolute_url(),
            "/foerderprogramme/",
            "/quartiere/",
            "/ansprechpersonen/",
            "/suche/?q=Garten",
            "/suche/?q=Quartier",
        ]
        for address in addresses:
            response = resident.get(address)
            assert response.status_code == 200, address
        assert project.title in resident.get(project.get_absolute_url()).content.decode()


def test_an_empty_database_gets_the_demo_first(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("seed_scale", "--projects", "20", "--no-pictures", stdout=out)
    assert "zuerst das Demo-Netzwerk" in out.getvalue()
    assert Project.objects.filter(slug="quartiersmanagement-bruchfeld").exists()
    assert len(generated_project_numbers()) == 20
    assert not ProjectImage.objects.exists()


def test_a_size_below_one_is_refused():
    with pytest.raises(Exception, match="at least 1"):
        call_command("seed_scale", "--projects", "0")


@override_settings(ROOT_URLCONF="config.bench_urls")
def test_the_benchmark_floor_beside_the_portal(resident):
    """``make bench`` serves config/bench_urls.py: the floor view and every portal page."""
    floor = resident.get("/__floor__/")
    assert floor.status_code == 200 and floor.content == b"ok"
    assert resident.get("/").status_code == 200
    assert resident.get("/projekte/").status_code == 200
