"""German full-text search index (PostgreSQL only): see core/search_index.py."""

from django.db import migrations

from core.search_index import german_search_indexes


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_initial")]

    operations = [
        german_search_indexes(
            {"funding_programme_search": ("funding_fundingprogramme", ("name", "short_name", "summary", "description"))}
        )
    ]
