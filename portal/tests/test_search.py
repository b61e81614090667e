"""Site search: German words find German texts on both backends (SQLite fallback and
PostgreSQL full-text search), only published entries, grouped by type."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.html import find_elements
from funding.tests.factories import FundingProgrammeFactory
from news.models import Event, Post
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import OrganisationFactory
from portal.search import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_GROUP,
    clean_query,
    first_matches,
    search_model,
    spellings,
    stem,
)
from projects.models import Project
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")


def groups(response):
    return {group["key"]: group for group in response.context["groups"]}


def titles(response, key):
    return [str(item) for item in groups(response)[key]["results"]]


def test_stemming_and_spellings_of_the_fallback():
    assert stem("quartiere") == "quartier"
    assert stem("bürger") == "bürg"
    assert stem("haus") == "haus"
    assert {"bürg", "buerg", "Bürg"} <= spellings("bürger")
    assert "Büro" in spellings("buero")


def test_plural_finds_the_singular(resident):
    ProjectFactory(title="Quartier im Wandel", summary="Ein Projekt.")
    ProjectFactory(title="Anderes Thema", summary="Nichts davon.")

    response = resident.get(URL, {"q": "Quartiere"})

    assert response.status_code == 200
    assert titles(response, "projects") == ["Quartier im Wandel"]


def test_a_word_finds_compounds_and_umlauts_work(resident):
    ProjectFactory(title="Bürgerbüro Heven-Ost", summary="Beratung.")
    OrganisationFactory(name="Stadtteilverein", description="Wir betreiben das Bürgerbüro.")

    response = resident.get(URL, {"q": "Bürger"})

    assert titles(response, "projects") == ["Bürgerbüro Heven-Ost"]
    assert titles(response, "organisations") == ["Stadtteilverein"]


def test_umlauts_spelt_out_find_the_umlaut(resident):
    ProjectFactory(title="Bürgerbüro Heven-Ost", summary="Beratung und neue Grünflächen.")
    ProjectFactory(title="Anderes Thema", summary="Nichts davon.")

    assert titles(resident.get(URL, {"q": "Buergerbuero"}), "projects") == ["Bürgerbüro Heven-Ost"]
    assert titles(resident.get(URL, {"q": "Gruenflaeche Beratung"}), "projects") == ["Bürgerbüro Heven-Ost"]


def test_lower_case_umlaut_at_the_start_finds_capitalised_text(resident):
    DistrictFactory(name="Ölbachtal", summary="Ein Quartier am Bach.")

    assert titles(resident.get(URL, {"q": "ölbachtal"}), "districts") == ["Ölbachtal"]


def test_results_are_grouped_with_counts_and_only_published(resident):
    DistrictFactory(name="Innenstadt", summary="Die Mitte der Stadt.")
    DistrictFactory(name="Innenstadt Entwurf", published=False)
    ProjectFactory(title="Innenstadt-Büro", summary="Anlaufstelle in der Innenstadt.")
    ProjectFactory(title="Innenstadt geheim", published=False)
    FundingProgrammeFactory(short_name="Innenstadtprogramm", summary="Für die Innenstadt.")
    OrganisationFactory(name="Innenstadt-Verein", published=False)

    response = resident.get(URL, {"q": "Innenstadt"})

    found = groups(response)
    assert list(found) == ["projects", "districts", "organisations", "programmes", "posts", "events"]
    assert {key: group["count"] for key, group in found.items()} == {
        "projects": 1,
        "districts": 1,
        "organisations": 0,
        "programmes": 1,
        "posts": 0,
        "events": 0,
    }
    assert response.context["total"] == 3
    html = response.content.decode()
    assert find_elements(html, "h2", id="results-projects") and 'id="results-organisations"' not in html
    assert "geheim" not in html and "Entwurf" not in html


def test_all_words_must_match(resident):
    ProjectFactory(title="Jobcoaching", summary="Arbeit für Alleinerziehende im Quartier.")
    ProjectFactory(title="Stadtteilfest", summary="Ein Fest im Quartier.")

    assert titles(resident.get(URL, {"q": "Quartier Alleinerziehende"}), "projects") == ["Jobcoaching"]


def test_empty_query_asks_for_a_term(resident):
    ProjectFactory()

    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "!!! ..."}):
        response = resident.get(URL, params)
        assert response.status_code == 200
        assert response.context["groups"] == []
        assert find_elements(response.content.decode(), "input", id="search-q", name="q")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "<script>alert('x')</script>",
        "'; DROP TABLE projects_project; --",
        'Quartier "ohne Ende',
        "-Quartier or",
        "a & b | !c :* ()",
        "\x00",
        "Quartier\x00im\x1bWandel",
        "ü" * 300,
    ],
)
def test_odd_queries_give_a_normal_page(resident, query):
    ProjectFactory(title="Quartier im Wandel")

    response = resident.get(URL, {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(" not in html
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert Project.objects.count() == 1


def test_the_query_is_echoed_escaped(resident):
    response = resident.get(URL, {"q": "<b>Quartier</b>"})

    html = response.content.decode()
    assert "&lt;b&gt;Quartier&lt;/b&gt;" in html
    assert "<b>Quartier</b>" not in html


def test_long_query_is_cut():
    assert clean_query("  a   b  ") == "a b"
    assert clean_query("Quartier\x00im\tWandel") == "Quartier im Wandel"
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_LENGTH


def make_matches(first, last):
    """Projects, districts, organisations, programmes, posts and events ``first`` to
    ``last - 1``, all matching "Quartiersfest"."""
    Project.objects.bulk_create(
        Project(
            title=f"Quartiersfest {n}",
            slug=f"fest-{n}",
            summary="Ein Fest.",
            start=datetime.date(2024, 1, 1),
            published=True,
        )
        for n in range(first, last)
    )
    for n in range(first, last):
        DistrictFactory(name=f"Quartiersfestwiese {n}")
        OrganisationFactory(name=f"Quartiersfest-Verein {n}")
        FundingProgrammeFactory(short_name=f"Quartiersfestfonds {n}")
    Post.objects.bulk_create(PostFactory.build(title=f"Quartiersfest {n}") for n in range(first, last))
    Event.objects.bulk_create(EventFactory.build(title=f"Quartiersfest {n}") for n in range(first, last))


def test_one_query_per_type_for_3_and_300_matches(resident, django_assert_max_num_queries):
    make_matches(0, 3)
    with CaptureQueriesContext(connection) as few:
        response = resident.get(URL, {"q": "Quartiersfest"})
    assert {key: group["count"] for key, group in groups(response).items()} == dict.fromkeys(
        ["projects", "districts", "organisations", "programmes", "posts", "events"], 3
    )
    make_matches(3, 300)
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        response = resident.get(URL, {"q": "Quartiersfest"})

    assert len(many) == len(few) == 6
    for group in groups(response).values():
        assert group["count"] == 300
        assert len(group["results"]) == RESULTS_PER_GROUP
    assert f"Angezeigt werden die ersten {RESULTS_PER_GROUP}." in response.content.decode()


def test_a_term_that_matches_nothing_runs_the_same_queries(resident):
    make_matches(0, 3)
    with CaptureQueriesContext(connection) as queries:
        response = resident.get(URL, {"q": "xyzzy"})
    assert response.context["total"] == 0
    assert len(queries) == 6  # one per type: projects, districts, partners, programmes, posts, events


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text indexes exist on PostgreSQL only")
def test_postgres_search_uses_the_gin_index_of_every_table():
    from funding.models import FundingProgramme
    from partners.models import Organisation
    from quartier.models import District

    ProjectFactory(title="Quartier im Wandel")
    # Posts also have an index on "published" (their lists): with enough rows and fresh
    # statistics the planner sees that it selects everything and takes the search index.
    # (With 200 rows the two plans cost about the same and the choice flipped between runs.)
    Post.objects.bulk_create(PostFactory.build_batch(2000))
    Event.objects.bulk_create(EventFactory.build_batch(2000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_post")
        cursor.execute("ANALYZE news_event")
        cursor.execute("SET enable_seqscan = off")
    for model, index in [
        (Project, "projects_project_search"),
        (District, "quartier_district_search"),
        (Organisation, "partners_organisation_search"),
        (FundingProgramme, "funding_programme_search"),
        (Post, "news_post_search"),
        (Event, "news_event_search"),
    ]:
        for matches in (search_model(model, "Bürger Quartiere"), first_matches(model, "Bürger Quartiere")):
            plan = matches.explain()
            assert f"Bitmap Index Scan on {index}" in plan, plan
