"""``python manage.py seed_demo``: fill the database with the Ruhrbach demo network."""

import time

from django.core.management.base import BaseCommand

from portal.demo import demo_load


class Command(BaseCommand):
    help = "Fills the database with a demo network of the fictional city of Ruhrbach (safe to run again)."

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = demo_load()
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo-Netzwerk Ruhrbach bereit ({time.monotonic() - started:.1f} s): "))
        self.stdout.write(summary)
