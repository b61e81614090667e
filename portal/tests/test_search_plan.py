"""Site search, the database side: every searched field is in the stored search columns,
PostgreSQL's plan uses their indexes, and both databases find the same on the demo network."""

import pytest
from django.db import connection
from django.db.models import Q

from funding.tests.factories import FundingProgrammeFactory
from news.tests.factories import EventFactory, PostFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from portal.demo import demo_load
from portal.search import SEARCH_FIELDS, SEARCH_GROUPS, first_matches, search_model, simple_search
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the search columns are PostgreSQL's")

FACTORIES = {
    "projects": ProjectFactory,
    "districts": DistrictFactory,
    "organisations": OrganisationFactory,
    "contacts": ContactPersonFactory,
    "programmes": FundingProgrammeFactory,
    "posts": PostFactory,
    "events": EventFactory,
}


@pytest.mark.parametrize(("key", "model"), [(key, model) for key, _heading, model, _fields in SEARCH_GROUPS])
def test_every_searched_field_is_found(key, model):
    """On PostgreSQL the trigger of the ``*_search_trigram`` migrations must store exactly
    the fields of ``SEARCH_FIELDS``: a word in any of them (written without ``save()``)
    finds the row, whole and as part of a compound."""
    row = FACTORIES[key]()
    for field in SEARCH_FIELDS[model]:
        model.objects.filter(pk=row.pk).update(**{field: f"Wort Zyxkraut{field}"})
        assert list(search_model(model, f"zyxkraut{field}")) == [row], field
        assert list(search_model(model, f"kraut{field}")) == [row], field
        model.objects.filter(pk=row.pk).update(**{field: "A1"})
        assert list(search_model(model, f"zyxkraut{field}")) == [], field


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_search_uses_the_trigram_index_of_every_table():
    # 2,000 other rows in each table: with a few hundred, walking an index of the published rows
    # and filtering them costs less, and the plan would say nothing about the search index.
    for key, factory in FACTORIES.items():
        factory()
        factory._meta.model.objects.bulk_create(
            factory.build_batch(2000, **({"organisation": None} if key == "contacts" else {}))
        )
    with connection.cursor() as cursor:
        for _key, _heading, model, _fields in SEARCH_GROUPS:
            # VACUUM (hence a transactional test) writes the GIN index's statistics that the
            # planner's estimate reads; ANALYZE alone leaves them empty.
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SET enable_seqscan = off")  # 2,000 rows are still few
    for _key, _heading, model, _fields in SEARCH_GROUPS:
        table = model._meta.db_table
        for matches in (search_model(model, "Zyxkraut"), first_matches(model, "Zyxkraut")):
            plan = matches.explain()
            assert f"Bitmap Index Scan on {table}_search_trgm" in plan, plan
            assert "Seq Scan" not in plan, plan


DEMO_QUERIES = [
    "Quartier",
    "Quartiere",
    "Innenstadt",
    "Garten",
    "Büro",
    "Buero",
    "Bürger",
    "Jugend",
    "Kinder",
    "Nachbarschaft",
    "Familie",
    "Beratung",
    "Arbeit",
    "Sprache",
    "Stadtteil",
    "Treff",
    "Fest",
    "BIWAQ",
    "Soziale Stadt",
    "Stadt Ruhrbach",
    "Quartiersmanagement",
    "Stabsstelle",
    "Ausbildung",
    "xyzzy",
]


def test_both_databases_find_the_same_on_the_demo_network():
    """The simple rule (SQLite's path) and PostgreSQL's stored columns give the same hits for
    every query and type on the demo network. On SQLite ``search_model`` is the simple rule;
    the expected hits below hold on both."""
    demo_load()
    differences = {}
    for query in DEMO_QUERIES:
        for key, _heading, model, _fields in SEARCH_GROUPS:
            found = {row.pk for row in search_model(model, query)}
            simple = {row.pk for row in simple_search(model, query)}
            if found != simple:
                differences[(query, key)] = (len(found), len(simple))
    assert differences == {}
    # Compound parts: "Büro" finds every "Quartiersbüro" of the demo network.
    compounds = found = 0
    for _key, _heading, model, fields in SEARCH_GROUPS:
        with_compound = model.objects.published().filter(
            Q.create([(f"{field}__contains", "Quartiersbüro") for field in fields], connector=Q.OR)
        )
        compounds += with_compound.count()
        found += search_model(model, "Büro").filter(pk__in=with_compound.values("pk")).count()
    assert found == compounds > 0
