"""Stored German search columns with full-text and trigram indexes (PostgreSQL only):
see core/search_index.py."""

from django.db import migrations

from core.search_index import search_columns


class Migration(migrations.Migration):
    dependencies = [("quartier", "0009_district_editors")]

    operations = [
        search_columns(
            {"quartier_district": (("name",), ("summary",), ("description",))},
            replaces={"quartier_district_search": ("quartier_district", ("name", "summary", "description"))},
        )
    ]
