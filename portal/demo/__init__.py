"""The demo network of the fictional Ruhr-area city of Ruhrbach (Wagtail bakerydemo's
``load_initial_data`` habit): one call fills an empty database with districts, offices,
partner organisations, contact persons, funding programmes, projects, pictures, a year of
posts and events (``news.py``) and the site pages. Every date is relative to ``today``; a
second run creates nothing new.

Rows are found by their natural keys (slug, e-mail, district and name) and brought back to
their demo values, so the dates move on with today; a row is only written when a value
differs. Pictures, which staff are likely to replace, are only created when they are
missing. The site pages get their demo text only while they still carry the starter text
of migration ``quartier/0004_default_site_pages``: a page staff have edited is kept."""

from django.db import transaction
from django.utils import timezone

from funding.models import Funder, Funding, FundingProgramme
from news.models import Event, EventOccurrence, Post, PostImage
from partners.models import ContactPerson, Organisation
from portal.demo.districts import districts_load, offices_load
from portal.demo.funding import funding_load
from portal.demo.images import district_images_load, project_images_load
from portal.demo.news import events_load, post_images_load, posts_load
from portal.demo.organisations import contacts_load, organisations_load
from portal.demo.pages import pages_load
from portal.demo.projects import projects_load
from projects.models import Project, ProjectImage
from quartier.models import District, Office, SitePage

COUNTED = {
    "Quartiere": District,
    "Anlaufstellen": Office,
    "Organisationen": Organisation,
    "Ansprechpersonen": ContactPerson,
    "Fördergeber": Funder,
    "Förderprogramme": FundingProgramme,
    "Projekte": Project,
    "Förderungen": Funding,
    "Projektbilder": ProjectImage,
    "Beiträge": Post,
    "Beitragsbilder": PostImage,
    "Veranstaltungen": Event,
    "Termine": EventOccurrence,
    "Seiten": SitePage,
}


def demo_load(*, today=None, pictures=True):
    """Fill the database with the demo network; returns the number of rows per kind afterwards.
    ``pictures=False`` skips drawing the pictures (the slowest part), for tests about data only."""
    today = today or timezone.localdate()
    with transaction.atomic():
        districts, scenes = districts_load(today=today)
        organisations = organisations_load(today=today, districts=districts)
        contacts = contacts_load(today=today, organisations=organisations, districts=districts)
        offices = offices_load(districts=districts, contacts=contacts)
        _funders, programmes, fields, groups = funding_load(today=today)
        projects, wishes = projects_load(
            today=today,
            fields=fields,
            groups=groups,
            programmes=programmes,
            organisations=organisations,
            districts=districts,
            contacts=contacts,
        )
        posts, post_wishes = posts_load(
            today=today, districts=districts, projects=projects, programmes=programmes, organisations=organisations
        )
        events_load(today=today, offices=offices, districts=districts, organisations=organisations, projects=projects)
        if pictures:
            district_images_load(districts=districts, scenes=scenes)
            project_images_load(projects=projects, pictures=wishes)
            post_images_load(posts=posts, pictures=post_wishes)
        pages_load()
    return {label: model.objects.count() for label, model in COUNTED.items()}
