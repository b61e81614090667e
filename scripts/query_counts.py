"""Print the number of SQL queries each public page runs, as a resident sees it.

Run it against a database with the demo network (``manage.py seed_demo``):

    DEBUG=true .venv/bin/python scripts/query_counts.py
    DEBUG=true DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python scripts/query_counts.py

Each page is fetched with Django's test client as an anonymous visitor; the sample
district, project, partner and programme are the published ones with the most related
rows, so the figures are those of the fullest pages. The test suite holds every public
page to the same count for 3 and 300 projects and to at most 12 queries
(``*/tests/test_public_pages.py``); this script shows the figures for a real database.
"""

import logging
import os
import sys
import warnings
from pathlib import Path

LIMIT = 12


def setup():
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed here
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404 sample is expected


def sample_paths():
    from django.db.models import Count

    from funding.models import FundingProgramme
    from partners.models import Organisation
    from projects.models import Project
    from quartier.models import District

    def fullest(queryset, *relations):
        rows = queryset.published().annotate(**{f"n_{name}": Count(name, distinct=True) for name in relations})
        return rows.order_by(*(f"-n_{name}" for name in relations), "pk").first()

    district = fullest(District.objects, "projects", "contacts")
    archived = District.objects.published().filter(archived=True).first()
    project = fullest(Project.objects, "related_projects", "contacts", "images", "fundings")
    partner = fullest(Organisation.objects, "contacts", "responsible_for", "partner_in")
    programme = fullest(FundingProgramme.objects, "fundings")
    paths = [
        "/",
        "/quartiere/",
        district and district.get_absolute_url(),
        archived and archived.get_absolute_url(),
        "/projekte/",
        "/projekte/?status=running&seite=2",
        project and project.get_absolute_url(),
        "/partner/",
        partner and partner.get_absolute_url(),
        "/foerderprogramme/",
        programme and programme.get_absolute_url(),
        "/ansprechpersonen/",
        "/anlaufstellen/",
        "/suche/",
        "/suche/?q=Quartier",
        "/suche/?q=xyzzy",
        "/mitmachen/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/gibt-es-nicht/",
    ]
    return [path for path in paths if path]


def main():
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The friendly 404 page, not Django's debug page, and no static manifest needed.
    settings.DEBUG = False
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
    client = Client(HTTP_HOST="localhost" if host == "*" else host)
    rows = []
    for path in sample_paths():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        rows.append((path, response.status_code, len(queries)))

    width = max(len(path) for path, _status, _count in rows)
    print(f"{'page':<{width}}  status  queries")
    for path, status, count in rows:
        flag = "" if count <= LIMIT else f"  over the limit of {LIMIT}"
        print(f"{path:<{width}}  {status:>6}  {count:>7}{flag}")
    print(f"{len(rows)} pages, at most {max(count for _p, _s, count in rows)} queries each (limit {LIMIT}).")
    return 0 if all(count <= LIMIT for _p, _s, count in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
