"""``python manage.py seed_scale --projects 10000``: grow the demo network to a size for
benchmarks (portal/demo/scale.py; README.md, "Benchmark")."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.page_cache import invalidate
from portal.demo import demo_load
from portal.demo.scale import generated_project_numbers, scale_load, sizes
from projects.models import Project
from quartier.models import District

LABELS = {
    "districts": "Quartiere",
    "programmes": "Förderprogramme",
    "organisations": "Organisationen",
    "contacts": "Ansprechpersonen",
    "projects": "Projekte",
    "fundings": "Förderungen",
    "pictures": "Bilder",
}


class Command(BaseCommand):
    help = (
        "Adds generated projects, organisations, contact persons, districts and fundings to the demo "
        "network, in proportion and with a realistic skew (for benchmarks). Running it again adds only "
        "what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000, help="Generated projects (default 10,000).")
        parser.add_argument("--seed", type=int, default=11, help="Random seed: the same seed, the same network.")
        parser.add_argument("--no-pictures", action="store_true", help="Draw no pictures.")

    def handle(self, *args, projects, seed, no_pictures, **options):
        if projects < 1:
            raise CommandError("--projects must be at least 1.")
        started = time.monotonic()
        if not District.objects.exists():
            self.stdout.write("Die Datenbank ist leer: zuerst das Demo-Netzwerk (seed_demo) …")
            demo_load(pictures=not no_pictures)
        already = len(generated_project_numbers())
        if already >= projects:
            self.stdout.write(
                f"Schon {already} erzeugte Projekte da (gewünscht: {projects}): nichts hinzugefügt. "
                "Für mehr: --projects mit einer größeren Zahl."
            )
        created = scale_load(projects=projects, seed=seed, pictures=not no_pictures)
        invalidate()  # the rows came in bulk, past the signals that renew the cached pages
        summary = ", ".join(f"{created.get(key, 0)} {label}" for key, label in LABELS.items())
        self.stdout.write(self.style.SUCCESS(f"Hinzugefügt ({time.monotonic() - started:.1f} s): {summary}"))
        self.stdout.write(
            f"Jetzt: {Project.objects.count()} Projekte; Ziel der erzeugten Größen: "
            + ", ".join(f"{n} {LABELS[k]}" for k, n in sizes(projects).items())
        )
