"""Site search over districts, projects, organisations, funding programmes, posts and events
(published only).

PostgreSQL: German full-text search. Each model's document is ``to_tsvector('german', ...)``
over the fields in ``SEARCH_FIELDS``; a GIN expression index on exactly that expression
(migrations ``*_search_index``, built by core/search_index.py) serves the ``@@``
match. The query is the visitor's words as a web-search query (quotes, ``-word``, ``or``) OR every word as a prefix
in each of its umlaut spellings (``buerger`` finds ``Bürgerbüro``), ranked with ``ts_rank``.

SQLite (the embedded default): every word, stripped of common German endings and
spelt with and without umlauts, must occur in one of the same fields (icontains).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Q, Window
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from funding.models import FundingProgramme
from news.models import Event, Post
from partners.models import Organisation
from projects.models import Project
from quartier.models import District

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
RESULTS_PER_GROUP = 50
CONFIG = "german"

# (key, heading, model, fields): the fields make the search document. The GIN index
# migrations (projects/funding/quartier/news ``*_search_index``) index exactly this expression:
# change both together (quartier/tests/test_search.py checks the plan uses the index).
SEARCH_GROUPS = [
    ("projects", _("Projects"), Project, ("title", "code", "summary", "description")),
    ("districts", _("Districts"), District, ("name", "summary", "description")),
    ("organisations", _("Partners"), Organisation, ("name", "short_name", "description")),
    ("programmes", _("Funding programmes"), FundingProgramme, ("name", "short_name", "summary", "description")),
    ("posts", _("News"), Post, ("title", "teaser", "body")),
    ("events", _("Events"), Event, ("title", "summary", "description")),
]
SEARCH_FIELDS = {model: fields for _key, _heading, model, fields in SEARCH_GROUPS}

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


def search_vector(model):
    return SearchVector(*SEARCH_FIELDS[model], config=CONFIG)


def _postgres_query(query):
    typed = SearchQuery(query, config=CONFIG, search_type="websearch")
    # Words are letters and digits only (``_WORD``), so they are safe in tsquery syntax.
    prefixes = " & ".join(
        "(" + " | ".join(f"{variant}:*" for variant in sorted(umlaut_spellings(word))) + ")" for word in words(query)
    )
    return typed | SearchQuery(prefixes, config=CONFIG, search_type="raw") if prefixes else typed


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


def _fallback_filter(model, query):
    condition = Q()
    for word in words(query):
        any_field = Q()
        for variant in spellings(word):
            for field in SEARCH_FIELDS[model]:
                any_field |= Q(**{f"{field}__icontains": variant})
        condition &= any_field
    return condition


def search_model(model, query):
    """Published rows of ``model`` matching ``query``, best first."""
    rows = model.objects.published()
    if connection.vendor == "postgresql":
        search_query = _postgres_query(query)
        vector = search_vector(model)
        return (
            rows.alias(document=vector)
            .filter(document=search_query)
            .annotate(rank=SearchRank(vector, search_query))
            .order_by("-rank", "pk")
        )
    if not words(query):
        return rows.none()
    return rows.filter(_fallback_filter(model, query)).order_by(SEARCH_FIELDS[model][0], "pk")


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
