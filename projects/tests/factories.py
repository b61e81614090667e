import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from projects.models import FieldOfAction, Project, ProjectImage, TargetGroup


def png_upload(name="bild.png", size=(40, 30), color=(30, 110, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    code = factory.Sequence(lambda n: f"H{n}")
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")
    slug = factory.Sequence(lambda n: f"zielgruppe-{n}")


class ProjectFactory(DjangoModelFactory):
    """A running project by default: started a year ago, ends in a year (relative to
    the real today; tests that compare with a fixed day pass ``today=``)."""

    class Meta:
        model = Project

    published = True  # the model's default is a draft
    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Ein Projekt im Quartier."
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class ProjectImageFactory(DjangoModelFactory):
    class Meta:
        model = ProjectImage

    project = factory.SubFactory(ProjectFactory)
    image = factory.LazyFunction(png_upload)
    alt_text = "Menschen an einem Tisch im Quartiersbüro"
    credit = "Foto: Jana Beispiel"
