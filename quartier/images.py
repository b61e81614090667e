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

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
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
                image_format, (width, height) = image.format, image.size
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


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=82)
    return buffer.getvalue()


def clean_image_bytes(file):
    """Re-encode ``file`` without EXIF, GPS, XMP or ICC comments, turned upright.
    Returns ``(bytes, format, (width, height))``."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
        # A fresh image carries none of the original's metadata.
        stripped = Image.new(image.mode, image.size)
        stripped.paste(image)
        return _encode(stripped, image_format), image_format, stripped.size


def rendition_bytes(data, width=RENDITION_WIDTH):
    """A web-sized WebP copy of an already cleaned image, at most ``width`` pixels wide."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=80)
        return buffer.getvalue()


class WebImageField(models.ImageField):
    """An ImageField that validates uploads and, on save, replaces a new upload with a
    clean re-encoded copy; if ``rendition_field`` names another ImageField of the model
    (declared after this one), a web-sized WebP rendition is stored there."""

    def __init__(self, *args, rendition_field=None, **kwargs):
        self.rendition_field = rendition_field
        kwargs.setdefault("validators", [validate_web_image])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.rendition_field:
            kwargs["rendition_field"] = self.rendition_field
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
                    f"{stem}-web.webp", ContentFile(rendition_bytes(data)), save=False
                )
            return file
        return super().pre_save(model_instance, add)
