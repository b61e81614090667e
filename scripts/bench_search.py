"""Time the site search in this process against the current database: p50 and p95 per query.

    DATABASE_URL=postgres://.../quartier_10k .venv/bin/python scripts/bench_search.py
    DATABASE_URL=... .venv/bin/python scripts/bench_search.py --runs 50 Garten Innenstadt

For each query it runs the search view (``portal.search.search_results``, the SQL of every
results group and the rendered page, without middleware, so no page cache) ``--runs`` times
after one warm-up, and prints the number of hits, p50 and p95 in milliseconds: of the wall
clock, and of the CPU time spent (this process plus, when PostgreSQL runs on this machine
and ``/proc/<pid>/schedstat`` of its backend is readable, the backend serving the queries).
On a busy machine the wall clock counts the waits for a core too; the CPU time is what the
request costs, and what the wall clock shows on an idle machine with the data in memory. The 20 default
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


def backend_cpu_ns(connection):
    """CPU time of the PostgreSQL backend of ``connection`` so far, or None when it is not
    readable from here (another machine, SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        return lambda: int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except OSError:
        return None


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
    backend = backend_cpu_ns(connection)
    if backend:
        try:
            backend()
        except OSError:
            backend = None
    cpu_label = "CPU (Django + PostgreSQL)" if backend else "CPU (this process)"
    print(f"| {'query':<22} | {'hits':>6} | {'p50 ms':>7} | {'p95 ms':>7} | {cpu_label} p50 ms | p95 ms |")
    print(f"| {'-' * 22} | {'-' * 6}:| {'-' * 7}:| {'-' * 7}:| {'-' * (len(cpu_label) + 7)}:| {'-' * 6}:|")
    worst = worst_cpu = 0.0
    for query in args.queries:
        summary = re.search(r'id="search-summary">([\d.]+)', fetch(query).content.decode())  # warm-up
        hits = int(summary.group(1).replace(".", "")) if summary else 0
        timings, cpu = [], []
        for _run in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time_ns() + (backend() if backend else 0)
            fetch(query)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time_ns() + (backend() if backend else 0) - started_cpu) / 1e6)
        p95, cpu_p95 = percentile(timings, 0.95), percentile(cpu, 0.95)
        worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu_p95)
        print(
            f"| {query:<22} | {hits:>6} | {statistics.median(timings):>7.1f} | {p95:>7.1f} "
            f"| {statistics.median(cpu):>{len(cpu_label) + 7}.1f} | {cpu_p95:>6.1f} |"
        )
    print(f"worst p95: {worst:.1f} ms wall clock, {worst_cpu:.1f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
