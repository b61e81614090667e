"""Stored German search columns with full-text and trigram indexes (PostgreSQL only):
see core/search_index.py."""

from django.db import migrations

from core.search_index import search_columns


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_scheduled_publishing")]

    operations = [
        search_columns(
            {
                "projects_project": (
                    ("title",),
                    ("code", "summary"),
                    ("description", "impact_goals", "result_goals", "tasks"),
                )
            },
            replaces={"projects_project_search": ("projects_project", ("title", "code", "summary", "description"))},
        )
    ]
