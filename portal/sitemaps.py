"""Findability: ``/sitemap.xml`` (Django's sitemaps framework) of every public page, and
``/robots.txt`` pointing to it.

The sitemap lists what a resident can open: the list pages, and the detail pages of published
entries only (the same ``published()`` the pages start from), each with ``lastmod`` from
``updated_at``. Addresses are absolute with ``settings.SITE_URL``, the public address, like the
feeds and calendar files. The sitemap costs two queries per kind of page (a count and the rows),
whatever the number of entries.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from funding.models import FundingProgramme
from news.models import Event, Post
from partners.models import Organisation
from projects.models import Project
from quartier.models import District, SitePage


class PortalSitemap(Sitemap):
    """Addresses on the public host of ``SITE_URL``, not on the host a request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ListPagesSitemap(PortalSitemap):
    """The start page and the lists: always there, no single date of change."""

    changefreq = "daily"

    def items(self):
        return [
            "portal:home",
            "quartier:district_list",
            "projects:project_list",
            "partners:organisation_list",
            "funding:programme_list",
            "quartier:office_list",
            "partners:contact_list",
            "news:post_list",
            "news:event_list",
        ]

    def location(self, item):
        return reverse(item)


class SitePagesSitemap(PortalSitemap):
    """Impressum, Datenschutz, Barrierefreiheit: those that staff have written."""

    changefreq = "yearly"

    def items(self):
        return SitePage.objects.filter(slug__in=SitePage.Slug.values).order_by("slug")

    def location(self, item):
        return reverse(f"quartier:{item.slug}")

    def lastmod(self, item):
        return item.updated_at


class PublishedSitemap(PortalSitemap):
    """The detail pages of one model's published entries."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DistrictSitemap(PublishedSitemap):
    model = District


class ProjectSitemap(PublishedSitemap):
    model = Project


class OrganisationSitemap(PublishedSitemap):
    model = Organisation


class ProgrammeSitemap(PublishedSitemap):
    model = FundingProgramme


class PostSitemap(PublishedSitemap):
    model = Post


class EventSitemap(PublishedSitemap):
    model = Event


SITEMAPS = {
    "pages": ListPagesSitemap,
    "site-pages": SitePagesSitemap,
    "districts": DistrictSitemap,
    "projects": ProjectSitemap,
    "organisations": OrganisationSitemap,
    "programmes": ProgrammeSitemap,
    "posts": PostSitemap,
    "events": EventSitemap,
}


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    """Everything may be crawled but the back office and the search results (endless
    combinations of words); the sitemap names every public page."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Disallow: {reverse('portal:search')}",
        "Allow: /",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('portal:sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
