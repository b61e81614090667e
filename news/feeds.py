"""Atom feeds of the posts ("Aktuelles"): all of them, one district's, one project's.

Built with Django's syndication framework. Only published posts (scheduled publishing
honoured), newest first, at most ``FEED_ENTRIES``: two queries per feed, whatever the number
of posts. Links are absolute with ``settings.SITE_URL`` (the public address), not the host a
request happened to name, so a feed reader keeps working links behind any proxy.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from news.models import Post
from projects.models import Project
from quartier.models import District

FEED_ENTRIES = 30


def absolute_url(path):
    return settings.SITE_URL + path


def post_published_at(post):
    """When the post went online: the start of its date in German time, or its "online
    from" if that lies later (it cannot have been read before)."""
    start_of_day = datetime.datetime.combine(post.date, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    if post.publish_from and post.publish_from > start_of_day:
        return post.publish_from
    return start_of_day


class PostFeed(Feed):
    """All published posts, at /aktuelles/feed.xml."""

    feed_type = Atom1Feed
    language = "de"

    def title(self, obj=None):
        return _("News – %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self, obj=None):
        return _("News from the districts and projects of the network for integrated neighbourhood development.")

    def link(self, obj=None):
        return absolute_url(reverse("news:post_list"))

    def feed_url(self, obj=None):
        return absolute_url(reverse("news:post_feed"))

    def author_name(self, obj=None):
        return settings.SITE_NAME

    def posts(self, obj):
        return Post.objects.all()

    def items(self, obj=None):
        return self.posts(obj).published().newest_first()[:FEED_ENTRIES]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is of type "html": the plain-text teaser is escaped, so "<" stays "<".
        return escape(item.teaser)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_author_name(self, item):
        return item.author or settings.SITE_NAME

    def item_pubdate(self, item):
        return post_published_at(item)

    def item_updateddate(self, item):
        return max(item.updated_at, post_published_at(item))


class DistrictPostFeed(PostFeed):
    """The posts of one published district, at /quartiere/<slug>/aktuelles/feed.xml."""

    def get_object(self, request, slug):
        return get_object_or_404(District.objects.published(), slug=slug)

    def title(self, obj=None):
        return _("News from %(district)s – %(site)s") % {"district": obj.name, "site": settings.SITE_NAME}

    def subtitle(self, obj=None):
        return obj.summary

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse("news:district_post_feed", kwargs={"slug": obj.slug}))

    def posts(self, obj):
        return Post.objects.filter(districts=obj)


class ProjectPostFeed(PostFeed):
    """The posts of one published project, at /projekte/<slug>/aktuelles/feed.xml."""

    def get_object(self, request, slug):
        return get_object_or_404(Project.objects.published(), slug=slug)

    def title(self, obj=None):
        return _("News on %(project)s – %(site)s") % {"project": obj.title, "site": settings.SITE_NAME}

    def subtitle(self, obj=None):
        return obj.summary

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse("news:project_post_feed", kwargs={"slug": obj.slug}))

    def posts(self, obj):
        return Post.objects.filter(projects=obj)
