"""Uploaded images: what the validator refuses, what saving strips and renders, and what
an editor sees in the back office when an upload is refused."""

import io
import struct
import warnings
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import ExifTags, Image, ImageCms
from pytest_django.asserts import assertInHTML

from core import images
from core.admin_helpers import THUMBNAIL_WIDTH
from core.images import MAX_BYTES, validate_web_image
from core.tests.admin_form import admin_form_data
from projects.models import ProjectImage
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

NOT_AN_IMAGE = "This file is not an image we can read. Please upload a JPEG, PNG or WebP file."
TOO_MANY_PIXELS = "The image has too many pixels; at most 40 megapixels are allowed."


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


def exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Beispielkamera"
    exif[ExifTags.Base.Artist] = "Jana Beispiel"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 26.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (7.0, 20.0, 3.0)
    return exif


def jpeg_with_gps(size=(2400, 1600)):
    exif = exif_with_gps()
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


@pytest.mark.parametrize(
    ("width", "height", "pillow_says"),
    [
        (10_000, 10_000, Image.DecompressionBombWarning),  # 100 MP: Pillow warns
        (30_000, 30_000, Image.DecompressionBombError),  # 900 MP: Pillow refuses
    ],
)
def test_a_decompression_bomb_is_refused_with_the_portals_message(width, height, pillow_says):
    data = png_header_only(width, height)
    # The header really trips Pillow's own guard, so the validator's bomb branch runs
    # (and not the plain megapixel count after a successful open).
    assert width * height > Image.MAX_IMAGE_PIXELS
    with pytest.warns(pillow_says) if pillow_says is Image.DecompressionBombWarning else pytest.raises(pillow_says):
        Image.open(io.BytesIO(data))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no Pillow warning may escape the validator
        with pytest.raises(ValidationError) as caught:
            validate_web_image(upload("bombe.png", data, "image/png"))
    assert caught.value.code == "too_many_pixels"
    with translation.override("en"):
        assert caught.value.messages == [TOO_MANY_PIXELS]


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
        ("bombe.png", png_header_only(30_000, 30_000), "too_many_pixels"),
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
    assertInHTML(
        f'<img src="{image.rendition.url}" alt="Kinder beim Malen" width="{THUMBNAIL_WIDTH}" class="quartier-thumbnail"'
        ' loading="lazy">',
        page,
    )


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


def mpo_bytes():
    """What a phone camera writes: a JPEG (with EXIF and GPS) followed by a second,
    smaller picture, tied together by an MPF header. Pillow reads it as "MPO"."""
    first = Image.new("RGB", (1600, 1200), (200, 30, 30))
    second = Image.new("RGB", (320, 240), (30, 30, 200))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=exif_with_gps())
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert (check.format, check.n_frames) == ("MPO", 2)
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def test_a_phone_mpo_jpeg_passes_the_validator():
    validate_web_image(upload("IMG_0815.JPG", mpo_bytes(), "image/jpeg"))


@pytest.mark.django_db
def test_a_phone_mpo_jpeg_is_stored_as_a_plain_jpeg_of_its_first_picture():
    image = ProjectImage(
        project=ProjectFactory(),
        image=upload("IMG_0815.JPG", mpo_bytes(), "image/jpeg"),
        alt_text="Ein Fest im Quartier",
        credit="Foto: Jana Beispiel",
    )
    image.full_clean()
    image.save()
    assert image.image.name.endswith(".jpg")
    with Image.open(image.image.path) as stored:
        assert stored.format == "JPEG"
        assert getattr(stored, "n_frames", 1) == 1
        assert "mp" not in stored.info
        assert dict(stored.getexif()) == {}
        assert stored.size == (1600, 1200)
        red, green, blue = stored.getpixel((800, 600))
        assert red > 150 and blue < 80  # the first picture, not the second
    with Image.open(image.rendition.path) as rendition:
        assert rendition.format == "WEBP"


# Colour management: a phone (Display P3) or a camera (Adobe RGB) tags its pictures with
# a wide-gamut ICC profile. Display P3 is sRGB's tone curve with wider primaries, so it is
# made here from littlecms' own sRGB profile with the P3 colorants (D50, as in Apple's profile).
DISPLAY_P3_COLORANTS = {
    b"rXYZ": (0.515121, 0.241196, -0.001053),
    b"gXYZ": (0.291977, 0.692245, 0.041885),
    b"bXYZ": (0.157104, 0.066574, 0.784073),
}
# Linear Display P3 to linear sRGB (both D65), the published matrix: the reference the
# stored colours are checked against, independent of littlecms.
P3_TO_SRGB = ((1.2249, -0.2247, 0.0), (-0.0420, 1.0419, 0.0), (-0.0197, -0.0786, 1.0979))
P3_RED = (220, 60, 40)  # well inside both gamuts; shifts by 20 or more if the profile is just dropped


def display_p3_profile():
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", data[128:132])
    offsets = {}
    for index in range(count):
        signature, offset, _size = struct.unpack(">4sII", data[132 + 12 * index : 144 + 12 * index])
        offsets[signature] = offset
    for signature, xyz in DISPLAY_P3_COLORANTS.items():
        start = offsets[signature] + 8  # after the type signature and 4 reserved bytes
        data[start : start + 12] = struct.pack(">3i", *(round(value * 65536) for value in xyz))
    return bytes(data)


def _decode(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _encode(value):
    value = min(max(value, 0.0), 1.0)
    value = value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
    return round(value * 255)


def p3_in_srgb(rgb):
    linear = [_decode(channel) for channel in rgb]
    return tuple(_encode(sum(factor * value for factor, value in zip(row, linear, strict=True))) for row in P3_TO_SRGB)


def test_the_reference_colour_really_moves():
    expected = p3_in_srgb(P3_RED)
    assert max(abs(a - b) for a, b in zip(expected, P3_RED, strict=True)) >= 20


def _save_tagged(fmt, profile, mode="RGB", colour=P3_RED):
    fill = colour if mode == "RGB" else (*colour, 160)
    buffer = io.BytesIO()
    Image.new(mode, (300, 200), fill).save(
        buffer, fmt, icc_profile=profile, **({"quality": 95} if fmt != "PNG" else {})
    )
    return buffer.getvalue()


def _stored(data, name):
    image = ProjectImage(
        project=ProjectFactory(),
        image=upload(name, data),
        alt_text="Ein rotes Tor",
        credit="Foto: Jana Beispiel",
    )
    image.full_clean()
    image.save()
    return image


def _close(actual, expected, tolerance):
    return all(abs(a - b) <= tolerance for a, b in zip(actual, expected, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "mode", "tolerance"), [("PNG", "RGB", 2), ("PNG", "RGBA", 2), ("JPEG", "RGB", 4), ("WEBP", "RGB", 6)]
)
def test_a_wide_gamut_image_is_converted_to_srgb(fmt, mode, tolerance):
    expected = p3_in_srgb(P3_RED)
    image = _stored(_save_tagged(fmt, display_p3_profile(), mode), f"p3.{fmt.lower()}")
    with Image.open(image.image.path) as stored:
        assert "icc_profile" not in stored.info  # untagged: sRGB, as browsers assume
        assert stored.format == fmt
        pixel = stored.getpixel((150, 100))
        assert _close(pixel[:3], expected, tolerance), (pixel, expected)
        if mode == "RGBA":
            assert pixel[3] == 160  # transparency survives the conversion
    with Image.open(image.rendition.path) as rendition:
        assert "icc_profile" not in rendition.info
        assert _close(rendition.convert("RGB").getpixel((100, 60)), expected, 6)


@pytest.mark.django_db
def test_without_littlecms_the_profile_is_kept_rather_than_dropped(monkeypatch):
    monkeypatch.setattr(images, "ImageCms", None)
    profile = display_p3_profile()
    image = _stored(_save_tagged("PNG", profile), "p3.png")
    with Image.open(image.image.path) as stored:
        assert stored.info["icc_profile"] == profile
        assert stored.getpixel((150, 100)) == P3_RED
    with Image.open(image.rendition.path) as rendition:
        assert rendition.info["icc_profile"] == profile


@pytest.mark.django_db
def test_an_unreadable_profile_is_dropped_and_the_image_kept():
    broken = bytes(16) + b"RGB " + bytes(108)  # says RGB, then nothing a colour engine can use
    image = _stored(_save_tagged("PNG", broken, colour=(10, 120, 200)), "kaputt.png")
    with Image.open(image.image.path) as stored:
        assert "icc_profile" not in stored.info
        assert stored.getpixel((150, 100)) == (10, 120, 200)


@pytest.mark.django_db
def test_a_profile_that_does_not_fit_the_image_is_dropped():
    buffer = io.BytesIO()
    Image.new("L", (40, 30), 90).save(buffer, "PNG", icc_profile=display_p3_profile())  # RGB profile, grey image
    image = _stored(buffer.getvalue(), "grau.png")
    with Image.open(image.image.path) as stored:
        assert "icc_profile" not in stored.info
        assert (stored.mode, stored.getpixel((20, 15))) == ("L", 90)


@pytest.mark.django_db
def test_a_16_bit_grey_png_keeps_its_greys():
    grey = Image.new("I;16", (40, 30), 32_768)  # middle grey in 16 bits
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    image = _stored(buffer.getvalue(), "grau.png")
    with Image.open(image.image.path) as stored:
        assert stored.mode == "L"
        assert stored.getpixel((20, 15)) == 128


def _district_with_image():
    district = DistrictFactory(image_alt="Der Marktplatz", image_credit="Foto: Stadt")
    district.image = upload("markt.png", image_bytes("PNG", (1600, 900)))
    district.save()
    assert district.image_rendition
    return district


@pytest.mark.django_db
def test_clearing_a_district_image_clears_its_rendition():
    district = _district_with_image()
    district.image = ""
    district.image_alt = district.image_credit = ""
    district.save()
    district.refresh_from_db()
    assert not district.image
    assert not district.image_rendition


@pytest.mark.django_db
def test_editor_clears_a_district_image_in_the_back_office(client_for, editor):
    from quartier.models import District

    district = _district_with_image()
    client = client_for(editor)
    url = reverse("admin:quartier_district_change", args=[district.pk])
    data = admin_form_data(client.get(url), District)
    data.update({"image-clear": "on", "image_alt": "", "image_credit": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    district.refresh_from_db()
    assert not district.image
    assert not district.image_rendition
    assert district.image_rendition.name == ""
    public = client.get(district.get_absolute_url()).content.decode()
    assert "districts/web/" not in public
