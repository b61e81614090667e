#!/usr/bin/env python3
"""``make bench``: throughput and latency of the public pages, served by gunicorn with two
sync workers on the current database (DATABASE_URL), with and without the page cache,
next to the floor: the smallest Django view (``/__floor__/``, config/bench_urls.py)
served by the same gunicorn through the same middleware.

For each page it prints requests per second, p50/p95/p99 latency, the ratio of its
requests per second to the floor's, and the HTML size (as sent, and gzip-compressed if
the server compresses). Then the search table: 20 queries (common and rare words,
prefixes, parts of compounds, no hits), each asked one after the other, p50/p95.

Load: wrk (``apt-get install wrk``), with a Lua ``done`` hook for the percentiles; or
BENCH_LOADGEN=python, a small generator with threads and http.client (it costs more CPU
itself, so its floor is lower). Only 127.0.0.1 is ever contacted; every run stops by
itself after BENCH_SECONDS per page.

Environment (all optional):
  DATABASE_URL       the database to measure (default: the portal's SQLite file)
  BENCH_PORT         port of the benchmark's gunicorn on 127.0.0.1 (8765)
  BENCH_SECONDS      seconds of load per page (5)
  BENCH_CONNECTIONS  concurrent connections (4)
  BENCH_CACHE        which runs: "off,on", "off" or "on" (default "off,on"; "on" needs the
                     page cache, PAGE_CACHE; it is passed to gunicorn as PAGE_CACHE=false/true)
  BENCH_SEARCH_N     requests per search query (20; 0 skips the search table)
  BENCH_LOADGEN      wrk (default) or python
  CACHE_URL          the cache for the cached run; the benchmark clears the "pages" cache
                     before each run, so never point it at a production cache
"""

import http.client
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# The environment of a production server, minus HTTPS (plain HTTP on 127.0.0.1) and the
# static manifest (no collectstatic needed): the same as the test suite's.
SERVER_ENV = {
    "DEBUG": "false",
    "HTTPS": "false",
    "STATIC_MANIFEST": "false",
    "ALLOWED_HOSTS": HOST,
    "EMAIL_URL": "locmem://",
    # One database connection per worker for the whole run (production: 60 s), so that the
    # CPU time of its PostgreSQL backend is counted to the end.
    "CONN_MAX_AGE": "3600",
}

SEARCH_QUERIES = [
    # common words
    ("common", "Quartier"),
    ("common", "Innenstadt"),
    ("common", "Projekt"),
    ("common", "Familien"),
    ("common", "Nachbarschaft"),
    # rare words
    ("rare", "Imkerei"),
    ("rare", "Lastenrad"),
    ("rare", "Balkonkraftwerk"),
    ("rare", "Streuobstwiese"),
    ("rare", "Evaluation"),
    # prefixes, as typed
    ("prefix", "Quart"),
    ("prefix", "Bürg"),
    ("prefix", "Nachbar"),
    ("prefix", "Jug"),
    # parts of compounds (Quartiersgarten, Nachbarschaftstreff ...)
    ("compound", "Garten"),
    ("compound", "Treff"),
    ("compound", "Werkstatt"),
    ("compound", "Fonds"),
    # no hits
    ("none", "Xylophon"),
    ("none", "qwertzuiop"),
]
SEARCH_SECONDS = 15  # at most per query (but at least 3 requests)
PAGE_QUERIES = ("Innenstadt", "Quartier", "Garten")

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def fail(message):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


def setting(name, default):
    return os.environ.get(name) or default


# In-process: what to measure ----------------------------------------------------------


def prepare_django():
    for key, value in SERVER_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.bench_settings"
    sys.path.insert(0, str(BASE))
    import django

    django.setup()


def targets():
    """(label, path) of the pages to measure, found in the database: the biggest district,
    organisation and programme, a demo project, the deepest page of the project list."""
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from core import filters
    from funding.models import FundingProgramme
    from partners.models import Organisation
    from projects import views as project_views
    from projects.models import Project
    from quartier.models import District

    pages = [("home", "/")]
    district = District.objects.published().annotate(n=Count("projects")).order_by("-n", "pk").first()
    if district:
        pages.append((f"district ({district.n} projects)", district.get_absolute_url()))
    project = (
        Project.objects.published().filter(slug="quartiersmanagement-bruchfeld").first()
        or Project.objects.published().order_by("pk").first()
    )
    if project:
        pages.append(("project", project.get_absolute_url()))
    projects = Project.objects.published().count()
    per_page = getattr(project_views, "PROJECTS_PER_PAGE", 12)
    last = max(1, math.ceil(projects / per_page))
    page = getattr(filters, "PAGE_PARAMETER", "page")
    pages += [("project list", "/projekte/"), (f"project list, page {last}", f"/projekte/?{page}={last}")]
    pages.append(("partner list", "/partner/"))
    organisation = (
        Organisation.objects.published()
        .annotate(n=Count("responsible_for", distinct=True) + Count("partner_in", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if organisation:
        pages.append((f"organisation ({organisation.n} projects)", organisation.get_absolute_url()))
    programme = FundingProgramme.objects.published().annotate(n=Count("fundings")).order_by("-n", "pk").first()
    if programme:
        pages.append((f"programme ({programme.n} fundings)", programme.get_absolute_url()))
    pages += [(f"search “{q}”", f"/suche/?q={quote(q)}") for q in PAGE_QUERIES]
    pages.append(("news list", "/aktuelles/"))
    size = {
        "vendor": connection.vendor,
        "projects": projects,
        "organisations": Organisation.objects.published().count(),
        "districts": District.objects.published().count(),
        "page_cache_setting": hasattr(settings, "PAGE_CACHE"),
    }
    return pages, size


def clear_page_cache():
    """Start each run cold: the cached run warms the cache itself."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    if "pages" in settings.CACHES:
        caches["pages"].clear()


def quote(text):
    from urllib.parse import quote as url_quote

    return url_quote(text)


# The server --------------------------------------------------------------------------


class Server:
    def __init__(self, port, cache):
        self.port, self.cache = port, cache
        self.process = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - open while the server runs

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
        if not gunicorn:
            fail("gunicorn not found (pip install -r requirements.txt).")
        env = {**os.environ, **SERVER_ENV, "DJANGO_SETTINGS_MODULE": "config.bench_settings"}
        env["PAGE_CACHE"] = "true" if self.cache else "false"
        command = [
            gunicorn,
            "config.wsgi:application",
            "--workers=2",
            "--worker-class=sync",
            f"--bind={HOST}:{self.port}",
            "--log-level=warning",
            "--timeout=60",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            command, cwd=BASE, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"gunicorn stopped at the start:\n{self.log_tail()}")
            try:
                if get(self.port, "/__floor__/")[0] == 200:
                    load_python(self.port, "/__floor__/", 2, 4)  # both workers load the portal
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        fail(f"gunicorn did not answer on {HOST}:{self.port} within 30 s (is the port taken?).")

    def log_tail(self, size=3000):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-size:]

    def pids(self):
        """The processes that serve a request: the gunicorn workers and, on PostgreSQL,
        the database backends of their connections (this database has no others: the
        benchmark's own connection is closed)."""
        workers = [pid for pid in all_pids() if parent_pid(pid) == self.process.pid]
        return workers + database_backends()

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(port, path, headers=None):
    """One GET on 127.0.0.1: (status, body bytes, response headers)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


# CPU time of the serving processes (Linux /proc): a cost per request that, unlike the
# latency, hardly depends on what else the machine is busy with.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def all_pids():
    proc = Path("/proc")
    return [int(entry.name) for entry in proc.iterdir() if entry.name.isdigit()] if proc.is_dir() else []


def parent_pid(pid):
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def cpu_ticks(pids):
    """User and system CPU ticks of ``pids`` together; None without /proc."""
    if not pids:
        return None
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total


def database_backends():
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


# Load ------------------------------------------------------------------------------


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def load_wrk(port, path, seconds, connections, script):
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=30s",
        f"--script={script}",
        f"http://{HOST}:{port}{path}",
    ]
    run = subprocess.run  # wrk on 127.0.0.1 only, fixed arguments
    output = run(command, capture_output=True, text=True, timeout=seconds + 60, check=False).stdout  # noqa: S603
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        fail(f"wrk gave no result for {path}:\n{output}")
    data = json.loads(match.group(1))
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "requests": data["requests"],
        "errors": data["errors"] + data["non2xx"],
    }


def load_python(port, path, seconds, connections):
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        mine, bad = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _body, _headers = get(port, path)
            except OSError:
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "requests": len(latencies),
        "errors": errors[0],
    }


def settle(port, limit=120):
    """Wait until both workers are idle again: after wrk stops, the answers still queued
    for a slow page keep them busy, and would slow down whatever is measured next."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        threads = [threading.Thread(target=get, args=(port, "/__floor__/")) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if time.perf_counter() - started < 0.1:
            return
        time.sleep(0.2)


def sizes(port, path):
    status, body, _headers = get(port, path)
    _status, compressed, headers = get(port, path, {"Accept-Encoding": "gzip"})
    gzipped = len(compressed) if headers.get("Content-Encoding") == "gzip" else None
    return status, len(body), gzipped, body


def run_pages(server, pages, *, seconds, connections, loadgen, script):
    rows = []
    port = server.port

    def load(path, duration):
        if loadgen == "wrk":
            return load_wrk(port, path, duration, connections, script)
        return load_python(port, path, duration, connections)

    floors = []
    for label, path in [("floor (minimal view)", "/__floor__/"), *pages]:
        # The floor again just before each page: on a busy machine the floor of a minute
        # ago is no measure for this page.
        floor = load("/__floor__/", min(seconds, 2))["rps"]
        floors.append(floor)
        status, size, gzipped, _body = sizes(port, path)
        if status != 200:
            rows.append({"label": label, "path": path, "status": status})
            if status >= 500:
                print(f"bench: {path} answered {status}; the server said:\n{server.log_tail()}", file=sys.stderr)
            continue
        started = time.perf_counter()
        for _ in range(3):  # warm-up: connections, templates, the page cache
            get(port, path)
        one = (time.perf_counter() - started) / 3
        # Long enough for about 20 answers from 2 workers, however slow the page (at most 60 s).
        duration = max(seconds, min(60, math.ceil(10 * one)))
        pids = server.pids()
        ticks = cpu_ticks(pids)
        result = load(path, duration)
        settle(port)
        # The requests in flight when the load stops are served too (settle): up to one per connection.
        served = result["requests"] + connections
        cpu = (cpu_ticks(pids) - ticks) / CLOCK_TICKS * 1000 / served if ticks and result["requests"] else None
        row = {"label": label, "path": path, "status": status, "size": size, "gzip": gzipped, "cpu": cpu}
        row["floor"] = result["rps"] if path == "/__floor__/" else floor
        rows.append({**row, **result})
        print(f"  {label:34} {result['rps']:8.1f} req/s  p95 {result['p95']:8.1f} ms", file=sys.stderr)
    return rows


def run_search(port, count):
    rows = []
    for kind, query in SEARCH_QUERIES:
        path = f"/suche/?q={quote(query)}"
        status, body, _headers = get(port, path)
        hits = re.search(rb'id="search-summary"[^>]*>\s*([0-9.]+)', body)
        timings, deadline = [], time.monotonic() + SEARCH_SECONDS
        while len(timings) < count and (len(timings) < 3 or time.monotonic() < deadline):
            started = time.perf_counter()
            get(port, path)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "kind": kind,
                "query": query,
                "status": status,
                "hits": hits.group(1).decode() if hits else "?",
                "n": len(timings),
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
            }
        )
        print(f"  search {query:20} p95 {rows[-1]['p95']:8.1f} ms", file=sys.stderr)
    return rows


# Output ----------------------------------------------------------------------------


def kb(size):
    return "–" if size is None else f"{size / 1024:,.1f}"


def page_table(title, rows):
    floor_row = next((row for row in rows if row["path"] == "/__floor__/" and "rps" in row), {})
    floor_cpu = floor_row.get("cpu")
    lines = [
        f"#### {title}",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | % of floor | CPU ms/req | % of floor (CPU) | HTML KB | gzip KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if "rps" not in row:
            lines.append(f"| {row['label']} (`{row['path']}`) | HTTP {row['status']} | | | | | | | | |")
            continue
        ratio = f"{100 * row['rps'] / row['floor']:.1f} %" if row.get("floor") else "–"
        cpu = "–" if row["cpu"] is None else f"{row['cpu']:,.1f}"
        cpu_ratio = f"{100 * floor_cpu / row['cpu']:.1f} %" if floor_cpu and row["cpu"] else "–"
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        lines.append(
            f"| {row['label']} (`{row['path']}`){errors} | {row['rps']:,.1f} | {row['p50']:,.1f} | "
            f"{row['p95']:,.1f} | {row['p99']:,.1f} | {ratio} | {cpu} | {cpu_ratio} | "
            f"{kb(row['size'])} | {kb(row['gzip'])} |"
        )
    return "\n".join(lines)


def search_table(rows, count):
    lines = [
        f"#### Search ({count} requests per query, or fewer after {SEARCH_SECONDS} s; one after the other, uncached)",
        "",
        "| kind | query | hits | requests | p50 ms | p95 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        status = "" if row["status"] == 200 else f" (HTTP {row['status']})"
        lines.append(
            f"| {row['kind']} | {row['query']}{status} | {row['hits']} | {row['n']} | "
            f"{row['p50']:,.1f} | {row['p95']:,.1f} |"
        )
    p95s = [row["p95"] for row in rows]
    lines.append(
        f"| all | {len(rows)} queries | | | {statistics.median(p95s):,.1f} (median of p95) | {max(p95s):,.1f} (max) |"
    )
    return "\n".join(lines)


def git_commit():
    try:
        git = shutil.which("git") or "git"
        command = [git, "rev-parse", "--short", "HEAD"]
        return subprocess.run(command, cwd=BASE, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    # A terminated benchmark stops its gunicorn too (the with-block's exit runs).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    port = int(setting("BENCH_PORT", "8765"))
    seconds = int(setting("BENCH_SECONDS", "5"))
    connections = int(setting("BENCH_CONNECTIONS", "4"))
    search_count = int(setting("BENCH_SEARCH_N", "20"))
    loadgen = setting("BENCH_LOADGEN", "wrk")
    modes = [mode.strip() for mode in setting("BENCH_CACHE", "off,on").split(",") if mode.strip()]
    if loadgen not in ("wrk", "python"):
        fail("BENCH_LOADGEN is wrk or python.")
    if loadgen == "wrk" and not shutil.which("wrk"):
        fail(
            "wrk is not installed. Install it (Debian/Ubuntu: apt-get install wrk) "
            "or use the built-in generator: BENCH_LOADGEN=python make bench"
        )
    prepare_django()
    pages, size = targets()
    if "on" in modes and not size["page_cache_setting"]:
        print("bench: this code has no page cache (no PAGE_CACHE setting): measuring uncached only.", file=sys.stderr)
        modes = [mode for mode in modes if mode != "on"]

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    commit = os.environ.get("BENCH_COMMIT") or git_commit()
    header = (
        f"### Benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}\n\n"
        f"{size['vendor']}, {size['projects']:,} published projects, {size['organisations']:,} organisations, "
        f"{size['districts']} districts; gunicorn 2 sync workers on {HOST}; {loadgen}, {connections} connections, "
        f"{seconds} s per page; {os.cpu_count()} CPUs, load average at the start "
        f"{os.getloadavg()[0]:.1f}. CPU ms/req: user and system CPU time of the gunicorn workers "
        "(and of their PostgreSQL backends) per answered request; it depends much less on other load "
        "on the machine than the latencies do; % of floor (CPU) is the floor's CPU time per request "
        "divided by the page's. % of floor compares with the floor's req/s measured just before the page."
    )
    out = [header]
    try:
        for mode in modes:
            clear_page_cache()
            print(f"bench: page cache {mode} …", file=sys.stderr)
            with Server(port, cache=mode == "on") as server:
                rows = run_pages(
                    server, pages, seconds=seconds, connections=connections, loadgen=loadgen, script=script.name
                )
                out.append(page_table(f"Pages, page cache {mode}", rows))
                if mode == "off" and search_count:
                    out.append(search_table(run_search(port, search_count), search_count))
    finally:
        os.unlink(script.name)
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
