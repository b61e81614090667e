"""Stored German search columns with full-text and trigram indexes (PostgreSQL only):
see core/search_index.py."""

from django.db import migrations

from core.search_index import search_columns


class Migration(migrations.Migration):
    dependencies = [("funding", "0006_scheduled_publishing")]

    operations = [
        search_columns(
            {"funding_fundingprogramme": (("name", "short_name"), ("summary",), ("description",))},
            replaces={
                "funding_programme_search": (
                    "funding_fundingprogramme",
                    ("name", "short_name", "summary", "description"),
                )
            },
        )
    ]
