"""German full-text search index (PostgreSQL only): see quartier/search_index.py."""

from django.db import migrations

from quartier.search_index import german_search_indexes


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_initial")]

    operations = [
        german_search_indexes(
            {"funding_programme_search": ("funding_fundingprogramme", ("name", "short_name", "summary", "description"))}
        )
    ]
