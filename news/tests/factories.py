import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from news.models import Event, Post, PostImage
from projects.tests.factories import png_upload


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    published = True  # the model's default is a draft
    title = factory.Sequence(lambda n: f"Beitrag {n}")
    slug = factory.Sequence(lambda n: f"beitrag-{n}")
    teaser = "Neues aus dem Quartier."
    body = "Ein Absatz.\n\nNoch ein Absatz."
    date = factory.LazyFunction(timezone.localdate)


class PostImageFactory(DjangoModelFactory):
    class Meta:
        model = PostImage

    post = factory.SubFactory(PostFactory)
    image = factory.LazyFunction(png_upload)
    alt_text = "Menschen bei der Werkstatt im Quartiersbüro"
    credit = "Foto: Jana Beispiel"


class EventFactory(DjangoModelFactory):
    """An event in a week, 18 to 20 o'clock German time, at a free address."""

    class Meta:
        model = Event

    published = True
    title = factory.Sequence(lambda n: f"Termin {n}")
    slug = factory.Sequence(lambda n: f"termin-{n}")
    summary = "Ein Treffen im Quartier."
    start = factory.LazyFunction(
        lambda: timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    venue = "Bürgerhaus"
    street = "Marktstraße 1"
    postcode = "58452"
    city = "Witten"
