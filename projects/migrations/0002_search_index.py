"""German full-text search index (PostgreSQL only): see core/search_index.py."""

from django.db import migrations

from core.search_index import german_search_indexes


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        german_search_indexes(
            {"projects_project_search": ("projects_project", ("title", "code", "summary", "description"))}
        )
    ]
