"""Uploaded images: validated, stripped of metadata and given a web-sized rendition.

Every image field of the portal is a :class:`WebImageField`. Validation runs in
``full_clean`` (admin and forms show the German message beside the field); the
processing runs when a new upload is saved, wherever it comes from (admin,
``seed_demo``, a membership approval), in the same way that django-imagekit's
``ProcessedImageField`` does it.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without littlecms (the wheels on PyPI always have it)
    ImageCms = None

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Phones store a JPEG with a second, smaller picture behind it (depth map, preview):
# Pillow reads it as "MPO". The portal takes it as the JPEG it is and keeps the first picture.
FORMAT_ALIASES = {"MPO": "JPEG"}
RENDITION_WIDTH = 1200


def validate_web_image(file):
    """JPEG, PNG or WebP; at most 10 MB and 40 megapixels. Only the header is read,
    so a decompression bomb is refused before it is decoded."""
    if getattr(file, "_committed", False):
        # Already stored (checked when it was uploaded): full_clean on an unchanged
        # image, e.g. every save of an admin form, must not reopen it.
        return
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most 10 MB are allowed."),
            code="too_large",
            params={"size": f"{file.size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = FORMAT_ALIASES.get(image.format, image.format), image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels; at most 40 megapixels are allowed."), code="too_many_pixels"
        )
    except Exception:
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG or WebP file."), code="not_an_image"
        )
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images of type %(format)s are not accepted. Please upload a JPEG, PNG or WebP file."),
            code="format",
            params={"format": image_format},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The image has %(mp)s megapixels; at most 40 megapixels are allowed."),
            code="too_many_pixels",
            params={"mp": f"{width * height / 1_000_000:.1f}".replace(".", ",")},
        )


def _encode(image, image_format, icc_profile=None):
    buffer = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode != "L":
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True, **extra)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True, **extra)
    else:
        image.save(buffer, "WEBP", quality=82, **extra)
    return buffer.getvalue()


# The colour space of an ICC profile (header bytes 16-19): the mode that carries its
# colours (alpha is handled apart) and the image modes such a profile can belong to.
_PROFILE_MODES = {
    b"RGB ": ("RGB", {"RGB", "RGBA", "RGBX", "P", "PA"}),
    b"GRAY": ("L", {"L", "LA"}),
    b"CMYK": ("CMYK", {"CMYK"}),
}


def _to_srgb(image, icc_profile):
    """Convert an image with an embedded ICC profile (Adobe RGB, Display P3, a printer's
    CMYK ...) to sRGB, the colour space browsers assume for an image without one.
    Returns ``(image, profile_to_embed)``.

    Dropping a wide-gamut profile without converting would make the colours dull; a
    converted image is stored untagged, like every other image of the portal, so that it
    matches the page's CSS colours in every browser. Without littlecms in Pillow the
    profile is kept, which is right as long as it fits the stored mode. A profile that
    littlecms cannot read, or one that does not fit the image (an RGB profile on a grey
    image), is dropped: browsers ignore such a profile too."""
    if not icc_profile:
        return image, None
    colour_mode, fitting_modes = _PROFILE_MODES.get(bytes(icc_profile[16:20]), (None, ()))
    if image.mode not in fitting_modes:
        return image, None
    if ImageCms is None:
        # A CMYK image is stored as RGB below, where its profile would no longer fit.
        return image, icc_profile if colour_mode != "CMYK" else None
    alpha = None
    if "A" in image.getbands() or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        colours = image if image.mode == colour_mode else image.convert(colour_mode)
        converted = ImageCms.profileToProfile(colours, source, _srgb_profile(), outputMode="RGB")
    except (OSError, ValueError, ImageCms.PyCMSError):
        return image, None
    if colour_mode == "L":
        converted = converted.convert("L")  # grey stays grey, now on the sRGB curve
    if alpha is not None:
        converted.putalpha(alpha)
    return converted, None


def _srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def clean_image_bytes(file):
    """Re-encode ``file`` without EXIF, GPS, XMP or comments, turned upright and in sRGB
    (see ``_to_srgb``); of a multi-picture JPEG only the first picture.
    Returns ``(bytes, format, (width, height))``."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = FORMAT_ALIASES.get(original.format, original.format)
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        if image.mode in ("I", "I;16", "I;16B", "I;16L"):
            # 16-bit grey (PNG): scaled to 8 bits; a plain convert("L") would clip it to white.
            image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        image, icc_profile = _to_srgb(image, icc_profile)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
        # A fresh image carries none of the original's metadata.
        stripped = Image.new(image.mode, image.size)
        stripped.paste(image)
        return _encode(stripped, image_format, icc_profile), image_format, stripped.size


def rendition_bytes(data, width=RENDITION_WIDTH):
    """A web-sized WebP copy of an already cleaned image, at most ``width`` pixels wide."""
    with Image.open(io.BytesIO(data)) as image:
        icc_profile = image.info.get("icc_profile")  # only where it could not be converted
        if icc_profile and bytes(icc_profile[16:20]) != b"RGB ":
            icc_profile = None  # a WebP is RGB: a grey profile would not fit
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=80, **({"icc_profile": icc_profile} if icc_profile else {}))
        return buffer.getvalue()


class WebImageField(models.ImageField):
    """An ImageField that validates uploads and, on save, replaces a new upload with a
    clean re-encoded copy; if ``rendition_field`` names another ImageField of the model
    (declared after this one), a WebP rendition at most ``rendition_width`` pixels wide is
    stored there, and emptied with the image."""

    def __init__(self, *args, rendition_field=None, rendition_width=RENDITION_WIDTH, **kwargs):
        self.rendition_field = rendition_field
        self.rendition_width = rendition_width
        kwargs.setdefault("validators", [validate_web_image])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.rendition_field:
            kwargs["rendition_field"] = self.rendition_field
        if self.rendition_width != RENDITION_WIDTH:
            kwargs["rendition_width"] = self.rendition_width
        if kwargs.get("validators") == [validate_web_image]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            data, image_format, _size = clean_image_bytes(file)
            stem = os.path.splitext(os.path.basename(file.name))[0] or "bild"
            file.save(f"{stem}.{ALLOWED_FORMATS[image_format]}", ContentFile(data), save=False)
            if self.rendition_field:
                getattr(model_instance, self.rendition_field).save(
                    f"{stem}-web.webp", ContentFile(rendition_bytes(data, self.rendition_width)), save=False
                )
            return file
        if not file and self.rendition_field:
            # The image was cleared (the admin's "clear" box): the rendition goes with it,
            # or pages would go on showing the old picture. As with the image itself, the
            # file stays in storage (Django never deletes files); only the reference goes.
            setattr(model_instance, self.rendition_field, "")
        return super().pre_save(model_instance, add)
