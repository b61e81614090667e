"""An index in the order of the public project list (archived, start descending, title,
id) over the published projects, on SQLite and PostgreSQL alike: deep pages of
``/projekte/`` walk it instead of sorting every project."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_search_trigram")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("published", True)),
                fields=["archived", "-start", "title", "id"],
                name="project_list_order",
            ),
        ),
    ]
