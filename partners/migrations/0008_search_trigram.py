"""Stored German search columns with full-text and trigram indexes (PostgreSQL only):
see core/search_index.py."""

from django.db import migrations

from core.search_index import search_columns


class Migration(migrations.Migration):
    dependencies = [("partners", "0007_scheduled_publishing")]

    operations = [
        search_columns(
            {
                "partners_organisation": (("name", "short_name"), (), ("description",)),
                "partners_contactperson": (("name",), ("role", "unit")),
            },
            replaces={"partners_organisation_search": ("partners_organisation", ("name", "short_name", "description"))},
        )
    ]
