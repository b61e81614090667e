"""German full-text search index (PostgreSQL only): see core/search_index.py."""

from django.db import migrations

from core.search_index import german_search_indexes


class Migration(migrations.Migration):
    dependencies = [("quartier", "0002_staff_groups"), ("partners", "0002_initial")]

    operations = [
        german_search_indexes(
            {
                "partners_organisation_search": ("partners_organisation", ("name", "short_name", "description")),
                "quartier_district_search": ("quartier_district", ("name", "summary", "description")),
            }
        )
    ]
