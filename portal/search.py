"""Site search over districts, projects, organisations, contact persons, funding programmes,
posts and events (published only; contact persons who consented to be named).

One matching rule on both databases: every word the visitor typed, cut to a crude stem
(``stem``: "Quartiere" -> "quartier") and in each umlaut spelling ("buerger" and "bürger"),
occurs somewhere in the fields of ``SEARCH_GROUPS`` - as a whole word or as part of a German
compound ("Garten" finds "Quartiersgarten", "Treff" finds "Jugendtreff").

PostgreSQL: each table has two stored columns kept by a trigger (core/search_index.py, the
``*_search_trigram`` migrations): ``search_text``, the lower-cased fields, whose trigram GIN
index serves the rule (``LIKE '%garten%'``), and ``search_document``, the German ``tsvector``
of titles (weight A) and teasers (B) that ranks the matches (``ts_rank`` against the words as
typed and as prefixes, German stems included), then by title.

SQLite (the embedded default): the same rule with ``icontains`` per field, ordered by title.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, Expression, Q, TextField, Window
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from funding.models import FundingProgramme
from news.models import Event, Post
from partners.models import ContactPerson, Organisation
from projects.models import Project
from quartier.models import District

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
RESULTS_PER_GROUP = 50
CONFIG = "german"

# (key, heading, model, fields): the fields searched. On PostgreSQL the trigger of the
# ``*_search_trigram`` migrations (core/search_index.py) stores exactly these fields in the
# search columns: change both together (portal/tests/test_search_plan.py compares them).
SEARCH_GROUPS = [
    (
        "projects",
        _("Projects"),
        Project,
        ("title", "code", "summary", "description", "impact_goals", "result_goals", "tasks"),
    ),
    ("districts", _("Districts"), District, ("name", "summary", "description")),
    ("organisations", _("Partners"), Organisation, ("name", "short_name", "description")),
    ("contacts", _("Contact persons"), ContactPerson, ("name", "role", "unit")),
    ("programmes", _("Funding programmes"), FundingProgramme, ("name", "short_name", "summary", "description")),
    ("posts", _("News"), Post, ("title", "teaser", "body")),
    ("events", _("Events"), Event, ("title", "summary", "description")),
]
SEARCH_FIELDS = {model: fields for _key, _heading, model, fields in SEARCH_GROUPS}
# The columns a result line shows (templates/portal/search_results.html): the long texts
# stay out of the rows the match count windows over. Contact persons come with their
# organisation (named beside them), selected in the same query.
SHOWN = {
    Project: ("title", "code", "slug", "summary", "archived"),
    District: ("name", "slug", "summary", "archived"),
    Organisation: ("name", "slug", "description"),
    FundingProgramme: ("name", "short_name", "slug", "summary"),
    Post: ("title", "slug", "date", "teaser"),
    Event: ("title", "slug", "status", "summary"),
}
SELECT_RELATED = {ContactPerson: ("organisation",)}

_WORD = re.compile(r"[^\W_]+")
_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def clean_query(raw):
    """The visitor's text without control characters (PostgreSQL refuses NUL), trimmed and
    cut to a sane length."""
    text = "".join(char if char.isprintable() else " " for char in str(raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words(query):
    return _WORD.findall(query.lower())[:MAX_WORDS]


def stem(word):
    """A crude German stem for substring matching: ``quartiere`` -> ``quartier``."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def umlaut_spellings(word):
    """``word`` as typed, with umlauts spelt out (``ü`` -> ``ue``) and back (``buerger``
    -> ``bürger``): people without a German keyboard write either."""
    spelt_out = with_umlauts = word
    for umlaut, pair in _UMLAUTS.items():
        spelt_out = spelt_out.replace(umlaut, pair)
        if umlaut != "ß":
            with_umlauts = with_umlauts.replace(pair, umlaut)
    return {word, spelt_out, with_umlauts}


def spellings(word):
    """The stem in all its umlaut spellings, each also capitalised (SQLite's LIKE folds
    the case of ASCII letters only)."""
    variants = umlaut_spellings(stem(word))
    return variants | {variant[:1].upper() + variant[1:] for variant in variants}


def every_word_in(query, fields):
    """The matching rule as a ``Q``: each word's stem, in one of its spellings, is part of one
    of ``fields`` (``icontains``; PostgreSQL passes its one lower-cased ``search_text``)."""
    condition = Q()
    for word in words(query):
        any_field = Q()
        for variant in sorted(spellings(word)):
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": variant})
        condition &= any_field
    return condition


def _every_word_in_search_text(query):
    # search_text is lower-cased (core/search_index.py): a plain LIKE with the lower-case
    # spellings, which the trigram index serves.
    condition = Q()
    for word in words(query):
        any_spelling = Q()
        for variant in sorted(umlaut_spellings(stem(word))):
            any_spelling |= Q(search_text__contains=variant)
        condition &= any_spelling
    return condition


def _postgres_query(query):
    typed = SearchQuery(query, config=CONFIG, search_type="websearch")
    # Words are letters and digits only (``_WORD``), so they are safe in tsquery syntax.
    prefixes = " & ".join(
        "(" + " | ".join(f"{variant}:*" for variant in sorted(umlaut_spellings(word))) + ")" for word in words(query)
    )
    return typed | SearchQuery(prefixes, config=CONFIG, search_type="raw") if prefixes else typed


class StoredColumn(Expression):
    """A column of the queried table that its model does not declare: the search columns of
    core/search_index.py, which only the database writes."""

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def _published(model):
    rows = model.objects.published().select_related(*SELECT_RELATED.get(model, ()))
    return rows.only(*SHOWN[model]) if model in SHOWN else rows


def simple_search(model, query):
    """The SQLite path: published rows of ``model`` matching ``query`` by the rule alone
    (``every_word_in`` its fields), in the order of their titles. It runs on PostgreSQL
    too, where the tests compare it with ``search_model``."""
    if not words(query):
        return model.objects.none()
    return _published(model).filter(every_word_in(query, SEARCH_FIELDS[model])).order_by(SEARCH_FIELDS[model][0], "pk")


def search_model(model, query):
    """Published rows of ``model`` matching ``query``, best first."""
    if connection.vendor != "postgresql":
        return simple_search(model, query)
    if not words(query):
        return model.objects.none()
    search_query = _postgres_query(query)
    document = StoredColumn("search_document", SearchVectorField())
    return (
        _published(model)
        .alias(search_text=StoredColumn("search_text", TextField()))
        .filter(_every_word_in_search_text(query))
        .annotate(rank=SearchRank(document, search_query))
        .order_by("-rank", SEARCH_FIELDS[model][0], "pk")
    )


def first_matches(model, query):
    """The first ``RESULTS_PER_GROUP`` matches, each carrying the number of all matches as a
    window count (computed before the LIMIT): one query, however many rows match."""
    return search_model(model, query).annotate(match_count=Window(Count("pk")))[:RESULTS_PER_GROUP]


def search_all(*, query):
    """``[{"key", "heading", "count", "results"}, ...]`` in a fixed order, one entry per type,
    one query per type."""
    groups = []
    for key, heading, model, _fields in SEARCH_GROUPS:
        results = list(first_matches(model, query))
        count = results[0].match_count if results else 0
        groups.append({"key": key, "heading": heading, "count": count, "results": results})
    return groups


def search_results(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    groups = search_all(query=query) if words(query) else []
    return render(
        request,
        "portal/search_results.html",
        {
            "query": query,
            "truncated": len(str(raw).strip()) > MAX_QUERY_LENGTH,
            "groups": groups,
            "total": sum(group["count"] for group in groups),
            "breadcrumbs": [("", _("Search"))],
        },
    )
