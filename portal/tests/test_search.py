"""Site search: German words find German texts on both backends (SQLite fallback and
PostgreSQL stored search columns), compound parts too, only published entries, grouped by
type. The plan tests (PostgreSQL) are in test_search_plan.py."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tests.html import find_elements
from funding.tests.factories import FundingProgrammeFactory
from news.models import Event, Post
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from portal.search import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_GROUP,
    clean_query,
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
    assert list(found) == ["projects", "districts", "organisations", "contacts", "programmes", "posts", "events"]
    assert {key: group["count"] for key, group in found.items()} == {
        "projects": 1,
        "districts": 1,
        "organisations": 0,
        "contacts": 0,
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
    """Projects, districts, organisations, contact persons, programmes, posts and events
    ``first`` to ``last - 1``, all matching "Quartiersfest"."""
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
        ContactPersonFactory(
            name=f"Kim Quartiersfest {n}", organisation=OrganisationFactory(name=f"Quartiersfest-Verein {n}")
        )
        FundingProgrammeFactory(short_name=f"Quartiersfestfonds {n}")
    Post.objects.bulk_create(PostFactory.build(title=f"Quartiersfest {n}") for n in range(first, last))
    Event.objects.bulk_create(EventFactory.build(title=f"Quartiersfest {n}") for n in range(first, last))


def test_one_query_per_type_for_3_and_300_matches(resident, django_assert_max_num_queries):
    make_matches(0, 3)
    with CaptureQueriesContext(connection) as few:
        response = resident.get(URL, {"q": "Quartiersfest"})
    assert {key: group["count"] for key, group in groups(response).items()} == dict.fromkeys(
        ["projects", "districts", "organisations", "contacts", "programmes", "posts", "events"], 3
    )
    make_matches(3, 300)
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as many:
        response = resident.get(URL, {"q": "Quartiersfest"})

    assert len(many) == len(few) == 7
    for group in groups(response).values():
        assert group["count"] == 300
        assert len(group["results"]) == RESULTS_PER_GROUP
    assert f"Angezeigt werden die ersten {RESULTS_PER_GROUP}." in response.content.decode()


def test_a_term_that_matches_nothing_runs_the_same_queries(resident):
    make_matches(0, 3)
    with CaptureQueriesContext(connection) as queries:
        response = resident.get(URL, {"q": "xyzzy"})
    assert response.context["total"] == 0
    assert len(queries) == 7  # one per type: projects, districts, partners, contacts, programmes, posts, events


def test_a_word_finds_the_parts_of_compounds(resident):
    ProjectFactory(title="Quartiersgarten am Bach", summary="Beete für alle.")
    ProjectFactory(title="Gemeinschaftsgärten", summary="Drei Beete im Viertel.")
    ProjectFactory(title="Jugendtreff", summary="Offener Raum.")
    ProjectFactory(title="Stadtteilfest", summary="Einmal im Jahr.")

    assert titles(resident.get(URL, {"q": "Garten"}), "projects") == ["Quartiersgarten am Bach"]
    assert titles(resident.get(URL, {"q": "gärten"}), "projects") == ["Gemeinschaftsgärten"]
    assert titles(resident.get(URL, {"q": "Treff"}), "projects") == ["Jugendtreff"]
    assert titles(resident.get(URL, {"q": "teil"}), "projects") == ["Stadtteilfest"]  # a middle part
    assert titles(resident.get(URL, {"q": "Garten Bach"}), "projects") == ["Quartiersgarten am Bach"]
    assert titles(resident.get(URL, {"q": "Garten Jugend"}), "projects") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite orders the matches by title")
def test_postgres_ranks_title_before_teaser_before_text(resident):
    ProjectFactory(title="Alles andere", summary="Kurz.", description="Hinter dem Haus ein Spielplatz.")
    ProjectFactory(title="Bauprojekt", summary="Ein neuer Spielplatz für alle.")
    ProjectFactory(title="Spielplatz im Quartier", summary="Drei Plätze.")

    assert titles(resident.get(URL, {"q": "Spielplatz"}), "projects") == [
        "Spielplatz im Quartier",
        "Bauprojekt",
        "Alles andere",
    ]


def test_goals_and_tasks_of_projects_are_searched(resident):
    ProjectFactory(title="Jobcoaching", impact_goals="Mehr Menschen in Ausbildung")
    ProjectFactory(title="Lernhilfe", result_goals="40 Schülerinnen erreicht")
    ProjectFactory(title="Treffpunkt", tasks="Hausaufgabenbetreuung anbieten")
    ProjectFactory(title="Anderes", summary="Nichts davon.")

    assert titles(resident.get(URL, {"q": "Ausbildung"}), "projects") == ["Jobcoaching"]
    assert titles(resident.get(URL, {"q": "Schülerinnen"}), "projects") == ["Lernhilfe"]
    assert titles(resident.get(URL, {"q": "Hausaufgaben"}), "projects") == ["Treffpunkt"]


def test_contact_persons_by_name_role_and_unit_with_consent_only(resident):
    organisation = OrganisationFactory(name="Stadt Ruhrbach")
    ContactPersonFactory(
        name="Emine Yılmaz-Krüger",
        role="Sachbearbeitung",
        unit="Dez. 1 / Stabsstelle Arbeit",
        organisation=organisation,
    )
    ContactPersonFactory(name="Ole Krüger", role="Quartiersmanager", unit="", organisation=None)
    ContactPersonFactory(name="Paula Krüger", publication_consent=False)

    response = resident.get(URL, {"q": "Krüger"})

    assert [item.name for item in groups(response)["contacts"]["results"]] == ["Emine Yılmaz-Krüger", "Ole Krüger"]
    html = response.content.decode()
    assert find_elements(html, "h2", id="results-contacts")
    assert "Paula" not in html
    assert f'href="{organisation.get_absolute_url()}"' in html
    assert [item.name for item in groups(resident.get(URL, {"q": "Stabsstelle"}))["contacts"]["results"]] == [
        "Emine Yılmaz-Krüger"
    ]
    assert [item.name for item in groups(resident.get(URL, {"q": "Quartiersmanager"}))["contacts"]["results"]] == [
        "Ole Krüger"
    ]


def test_a_draft_organisation_is_not_named_beside_its_contact(resident):
    ContactPersonFactory(name="Ben Becker", organisation=OrganisationFactory(name="Geheimverein", published=False))

    response = resident.get(URL, {"q": "Becker"})

    assert groups(response)["contacts"]["count"] == 1
    assert "Geheimverein" not in response.content.decode()


def test_an_edit_is_found_at_once(resident):
    project = ProjectFactory(title="Stadtteilbüro", summary="Beratung.")
    assert titles(resident.get(URL, {"q": "Kiezkantine"}), "projects") == []

    project.tasks = "Mittagstisch in der Kiezkantine"
    project.save()
    assert titles(resident.get(URL, {"q": "Kiezkantine"}), "projects") == ["Stadtteilbüro"]

    Project.objects.filter(pk=project.pk).update(tasks="")  # no save(): the database keeps up all the same
    assert titles(resident.get(URL, {"q": "Kiezkantine"}), "projects") == []
