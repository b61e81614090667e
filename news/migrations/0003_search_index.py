"""German full-text search index of posts and events (PostgreSQL only): see core/search_index.py."""

from django.db import migrations

from core.search_index import german_search_indexes


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editors_keep_news_and_events")]

    operations = [
        german_search_indexes(
            {
                "news_post_search": ("news_post", ("title", "teaser", "body")),
                "news_event_search": ("news_event", ("title", "summary", "description")),
            }
        )
    ]
