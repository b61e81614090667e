"""Stored German search columns with full-text and trigram indexes (PostgreSQL only):
see core/search_index.py."""

from django.db import migrations

from core.search_index import search_columns


class Migration(migrations.Migration):
    dependencies = [("news", "0003_search_index")]

    operations = [
        search_columns(
            {
                "news_post": (("title",), ("teaser",), ("body",)),
                "news_event": (("title",), ("summary",), ("description",)),
            },
            replaces={
                "news_post_search": ("news_post", ("title", "teaser", "body")),
                "news_event_search": ("news_event", ("title", "summary", "description")),
            },
        )
    ]
