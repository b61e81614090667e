"""Time the site search in this process against the current database: p50 and p95 per query.

    DATABASE_URL=postgres://.../quartier_10k .venv/bin/python scripts/bench_search.py
    DATABASE_URL=... .venv/bin/python scripts/bench_search.py --runs 50 Garten Innenstadt

For each query it runs the search view (``portal.search.search_results``, the SQL of every
results group and the rendered page, without middleware, so no page cache) ``--runs`` times
after one warm-up, and prints the number of hits, p50 and p95 in milliseconds. The 20 default
queries mix common words, rare words, prefixes, compound parts, umlauts spelt out, several
words and terms with no hits. The target (issue 11) is p95 <= 50 ms at 10,000 projects on
PostgreSQL; a larger network for it: ``manage.py seed_scale --projects 10000``.
"""

import argparse
import os
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

QUERIES = [
    # common words
    "Quartier",
    "Innenstadt",
    "Projekt",
    "Stadtteil",
    "Kinder",
    # rare words
    "Bahntrasse",
    "Bergmannsweg",
    "Stabsstelle",
    # prefixes
    "Quart",
    "Nachbar",
    "Jug",
    # compound parts
    "Garten",
    "Treff",
    "Büro",
    # umlauts spelt out, several words
    "Buergerbuero",
    "Quartier Garten",
    "Kinder Jugend Familie",
    # no hits
    "xyzzy",
    "Zauberflöte",
    "Qwertzuiop Garten",
]


def setup():
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed here
    import django

    django.setup()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase
    from django.db import connection
    from django.test import RequestFactory

    from portal.search import search_results
    from projects.models import Project

    settings.DEBUG = False
    factory = RequestFactory()

    def fetch(query):
        request = factory.get("/suche/", {"q": query})
        request.user = AnonymousUser()
        request.session = SessionBase()
        return search_results(request)

    print(f"{connection.vendor}, {Project.objects.published().count()} published projects, {args.runs} runs each")
    print(f"| {'query':<22} | {'hits':>6} | {'p50 ms':>7} | {'p95 ms':>7} |")
    print(f"| {'-' * 22} | {'-' * 6}:| {'-' * 7}:| {'-' * 7}:|")
    worst = 0.0
    for query in args.queries:
        summary = re.search(r'id="search-summary">([\d.]+)', fetch(query).content.decode())  # warm-up
        hits = int(summary.group(1).replace(".", "")) if summary else 0
        timings = []
        for _run in range(args.runs):
            started = time.perf_counter()
            fetch(query)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = percentile(timings, 0.95)
        worst = max(worst, p95)
        print(f"| {query:<22} | {hits:>6} | {statistics.median(timings):>7.1f} | {p95:>7.1f} |")
    print(f"worst p95: {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
