"""Uploaded images: what the validator refuses, what saving strips and renders, and what
an editor sees in the back office when an upload is refused."""

import io
import struct
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import ExifTags, Image

from projects.models import ProjectImage
from projects.tests.factories import ProjectFactory
from quartier.images import MAX_BYTES, validate_web_image

NOT_AN_IMAGE = "This file is not an image we can read. Please upload a JPEG, PNG or WebP file."


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width, height):
    """A PNG that claims ``width`` x ``height`` pixels but carries a few bytes: only a
    validator that reads the header (and decodes nothing) can answer quickly."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit grey
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b"")


def image_bytes(fmt, size=(60, 40), **save_args):
    buffer = io.BytesIO()
    Image.new("RGB" if fmt != "GIF" else "P", size, (200, 120, 40) if fmt != "GIF" else 3).save(
        buffer, fmt, **save_args
    )
    return buffer.getvalue()


def jpeg_with_gps(size=(2400, 1600)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Beispielkamera"
    exif[ExifTags.Base.Artist] = "Jana Beispiel"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 26.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (7.0, 20.0, 3.0)
    data = image_bytes("JPEG", size, exif=exif)
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries a location
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    return data


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal_code(file):
    with pytest.raises(ValidationError) as caught:
        validate_web_image(file)
    return caught.value.code


def test_more_than_40_megapixels_are_refused_without_decoding():
    data = png_header_only(6500, 6400)  # 41.6 megapixels in well under a kilobyte
    assert len(data) < 1000
    assert refusal_code(upload("riesig.png", data, "image/png")) == "too_many_pixels"


def test_40_megapixels_header_is_not_refused_for_its_size():
    # The same crafted file just under the limit passes the pixel check.
    validate_web_image(upload("gross.png", png_header_only(6400, 6250), "image/png"))


def test_a_renamed_non_image_is_refused():
    assert refusal_code(upload("urlaub.jpg", b"%PDF-1.7 not a picture at all", "image/jpeg")) == "not_an_image"


def test_a_gif_is_refused():
    assert refusal_code(upload("animation.gif", image_bytes("GIF"), "image/gif")) == "format"


def test_an_11_mb_file_is_refused():
    data = image_bytes("PNG") + b"\0" * (11 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    assert refusal_code(upload("gross.png", data, "image/png")) == "too_large"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_pass(fmt):
    validate_web_image(upload(f"bild.{fmt.lower()}", image_bytes(fmt)))


@pytest.mark.django_db
def test_saving_strips_exif_and_gps_and_makes_a_webp_rendition():
    image = ProjectImage(
        project=ProjectFactory(),
        image=upload("ort.jpg", jpeg_with_gps(), "image/jpeg"),
        alt_text="Ein Platz im Quartier",
        credit="Foto: Jana Beispiel",
    )
    image.full_clean()
    image.save()
    image.refresh_from_db()
    with Image.open(image.image.path) as stored:
        assert stored.format == "JPEG"
        assert "exif" not in stored.info
        assert dict(stored.getexif()) == {}
        assert stored.size == (2400, 1600)
    with Image.open(image.rendition.path) as rendition:
        assert rendition.format == "WEBP"
        assert rendition.width <= 1200
        assert rendition.size == (1200, 800)
    assert (image.width, image.height) == (2400, 1600)


@pytest.mark.django_db
def test_alt_text_and_credit_are_required():
    image = ProjectImage(project=ProjectFactory(), image=upload("bild.png", image_bytes("PNG"), "image/png"))
    with pytest.raises(ValidationError) as caught:
        image.full_clean()
    assert {"alt_text", "credit"} <= set(caught.value.message_dict)


def _post_image(client, data, name):
    return client.post(
        reverse("admin:projects_projectimage_add"),
        {
            "project": ProjectFactory().pk,
            "image": upload(name, data),
            "alt_text": "Kinder beim Malen",
            "caption": "",
            "credit": "Foto: Jana Beispiel",
            "position": "0",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("urlaub.jpg", b"no picture here", "not_an_image"),
        ("animation.gif", image_bytes("GIF"), "format"),
        ("riesig.png", png_header_only(6500, 6400), "too_many_pixels"),
    ],
)
def test_editor_sees_the_message_beside_the_field_and_nothing_is_saved(client_for, editor, name, data, code):
    response = _post_image(client_for(editor), data, name)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["image"]] == [code]
    if code == "not_an_image":
        with translation.override(settings.LANGUAGE_CODE):
            assert escape(translation.gettext(NOT_AN_IMAGE)) in response.content.decode()
    # The rest of the form comes back filled in.
    assert "Kinder beim Malen" in response.content.decode()
    assert ProjectImage.objects.count() == 0


@pytest.mark.django_db
def test_editor_uploads_an_image_and_sees_a_thumbnail(client_for, editor):
    client = client_for(editor)
    response = _post_image(client, jpeg_with_gps(size=(800, 600)), "platz.jpg")
    assert response.status_code == 302
    image = ProjectImage.objects.get()
    with Image.open(image.image.path) as stored:
        assert dict(stored.getexif()) == {}
    page = client.get(reverse("admin:projects_projectimage_change", args=[image.pk])).content.decode()
    assert f'<img src="{image.rendition.url}" alt="Kinder beim Malen"' in page


@pytest.mark.django_db
def test_a_stored_image_passes_full_clean_again():
    # Every save of an admin form with an existing image runs full_clean on it.
    stored = ProjectImage(
        project=ProjectFactory(),
        image=upload("bild.png", image_bytes("PNG"), "image/png"),
        alt_text="Ein Bild",
        credit="Foto: Jana Beispiel",
    )
    stored.save()
    fresh = ProjectImage.objects.get(pk=stored.pk)
    fresh.full_clean()
    fresh.alt_text = "Ein neuer Text"
    fresh.full_clean()
