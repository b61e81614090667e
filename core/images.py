"""Uploaded images: validated, stripped of metadata and given a web-sized rendition.

Every image field of the portal is a :class:`WebImageField`. Validation runs in
``full_clean`` (admin and forms show the German message beside the field); the
processing runs when a new upload is saved, wherever it comes from (admin,
``seed_demo``, a membership approval), in the same way that django-imagekit's
``ProcessedImageField`` does it.
"""

import errno
import functools
import io
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import signals
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core import media_files

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
# WebP (every rendition) stores at most 16,383 pixels a side; a picture narrower than
# 1:20 is no photo but a strip, and its rendition would be (nearly) 0 pixels high.
MAX_SIDE = 16_383
MAX_ASPECT_RATIO = 20
# Room left on the disk beyond the files themselves when an upload is checked.
STORAGE_MARGIN = 1024 * 1024

logger = logging.getLogger("quartier.media")


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
    size = {"width": f"{width:,}".replace(",", "."), "height": f"{height:,}".replace(",", ".")}
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels; each side may be at most 16,383 pixels."),
            code="too_long",
            params=size,
        )
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            _(
                "The image is %(width)s × %(height)s pixels, too narrow to be shown: "
                "its long side may be at most 20 times its short side."
            ),
            code="aspect_ratio",
            params=size,
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
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=80, **({"icc_profile": icc_profile} if icc_profile else {}))
        return buffer.getvalue()


def stored_file(obj, field_names):
    """The first of the image fields ``field_names`` of ``obj`` (e.g. the rendition, then
    the image) whose file is in MEDIA_ROOT, or None; a missing file is named in the log.
    Pages and previews show no broken picture for a file lost from the disk."""
    files = [getattr(obj, name, None) for name in field_names]
    for file in files:
        if file and media_files.stored(file.name):
            return file
    missing = [file.name for file in files if file]
    if missing:
        logger.warning("Image file missing for %s %s: %s", type(obj).__name__, obj.pk, ", ".join(missing))
    return None


def rendition_size(width, height, max_width=RENDITION_WIDTH):
    """The size of the rendition ``rendition_bytes`` makes of an image of ``width`` ×
    ``height`` pixels: computed, no file is opened."""
    if width > max_width:
        return max_width, max(1, round(height * max_width / width))
    return width, height


def stored_size(file):
    """``(width, height)`` of a stored image file, read from its header once and
    remembered by its path and modification time (stored names are random and never
    reused), or None if it cannot be read."""
    try:
        path = file.storage.path(file.name)
        stamp = (path, os.stat(path).st_mtime_ns)
    except (NotImplementedError, OSError):  # a remote storage, a vanished file
        stamp = None
    return _header_size(file.storage, file.name, stamp)


@functools.lru_cache(maxsize=4096)
def _header_size(storage, name, stamp):
    try:
        with storage.open(name) as file, Image.open(file) as image:
            return image.size
    except Exception as error:  # a damaged or vanished file: the page goes on without a size
        logger.warning("Image file %s cannot be read: %s", name, error)
        return None


# Originals also offered in ``srcset`` (for wide, dense screens): formats a browser
# shows efficiently, at most this many times as wide as the rendition. A PNG photo or a
# 6,000-pixel original would cost a visitor megabytes for no visible gain.
SRCSET_ORIGINAL_FORMATS = (".jpg", ".jpeg", ".webp")
SRCSET_ORIGINAL_FACTOR = 2


@dataclass
class WebImage:
    """What an ``<img>`` needs of a stored picture: ``url`` and its ``width`` × ``height``
    (of the file actually sent: the rendition if there is one), ``srcset`` (``url 1200w``,
    the original beside it where it helps) or ""."""

    url: str
    width: int | None
    height: int | None
    srcset: str


def web_image(obj, field_names):
    """The picture of ``obj`` to show: the first of the image fields ``field_names`` (e.g.
    ``["rendition", "image"]``) whose file is stored (see :func:`stored_file`), with its
    real size: computed from the original's stored size where the model keeps one
    (``width_field``), else read once from the file's header. None if no file is there."""
    file = stored_file(obj, field_names)
    if file is None:
        return None
    source = next(
        (f for f in obj._meta.concrete_fields if isinstance(f, WebImageField) and f.attname in field_names), None
    )
    original = getattr(obj, source.attname) if source else None
    known = None
    if source and source.width_field and source.height_field:
        width, height = getattr(obj, source.width_field), getattr(obj, source.height_field)
        known = (width, height) if width and height else None
    is_rendition = bool(source and source.rendition_field and file.name != original.name)
    if known and is_rendition:
        size = rendition_size(*known, source.rendition_width)
    elif known and file.name == getattr(original, "name", None):
        size = known
    else:
        size = stored_size(file)
    width, height = size or (None, None)
    candidates = [f"{file.url} {width}w"] if width else []
    if (
        width
        and is_rendition
        and known
        and width < known[0] <= SRCSET_ORIGINAL_FACTOR * width
        and original.name.lower().endswith(SRCSET_ORIGINAL_FORMATS)
        and media_files.stored(original.name)
    ):
        candidates.append(f"{original.url} {known[0]}w")
    return WebImage(url=file.url, width=width, height=height, srcset=", ".join(candidates))


@dataclass
class Processed:
    """An upload made ready for storage: the cleaned image and its rendition."""

    data: bytes
    image_format: str
    size: tuple
    rendition: bytes | None


class MediaStorageError(OSError):
    """The image folder refused a file (full, read-only); nothing of the upload is left."""


STORAGE_FULL = _("The image cannot be stored: the image folder on the server is full. Please tell the administrator.")
STORAGE_READ_ONLY = _(
    "The image cannot be stored: the image folder on the server is not writable. Please tell the administrator."
)
UNPROCESSABLE = _(
    "This image could not be processed (the file may be damaged). Please save it again in an image program "
    "or upload another file."
)


class WebImageField(models.ImageField):
    """An ImageField that validates uploads and, on save, replaces a new upload with a
    clean re-encoded copy; if ``rendition_field`` names another ImageField of the model
    (declared after this one), a WebP rendition at most ``rendition_width`` pixels wide is
    stored there, and emptied with the image.

    - Validation (``full_clean``: the admin and every form) also does the processing and
      checks that the image folder can take the result, so a picture Pillow cannot
      process, or a full or read-only folder, is a message beside the field; ``pre_save``
      reuses the result.
    - Stored files get random names (``generate_filename``).
    - ``width_field``/``height_field`` are stored on save and read from the database
      afterwards, never from the file: a missing file breaks no page.
    - Files of a deleted row, a replaced or a cleared image go to the private trash after
      commit, and come back when a row naming them is saved again (``core.media_files``).
    """

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

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_delete.connect(self._trash_files_of_deleted_row, sender=cls, weak=False)

    def generate_filename(self, instance, filename):
        """A random name with the file's extension: nothing of the uploader's file name."""
        extension = os.path.splitext(filename)[1].lower()
        return super().generate_filename(instance, f"{uuid.uuid4().hex}{extension}")

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django reads the size from the file whenever a row with empty dimensions is
        # loaded: a missing file made every page with it fail. The dimensions are stored
        # when an upload is saved (pre_save); loading a row never opens its file.
        if not force:
            return
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except (OSError, ValueError) as error:
            logger.warning("Image file %s cannot be read: %s", getattr(instance, self.attname).name, error)

    def _file_names(self, instance):
        names = [getattr(instance, self.attname).name]
        if self.rendition_field:
            names.append(getattr(instance, self.rendition_field).name)
        return [name for name in names if name]

    def _trash_files_of_deleted_row(self, sender, instance, using, **kwargs):
        media_files.trash_after_commit(self._file_names(instance), using=using)

    # Validation -----------------------------------------------------------------

    def run_validators(self, value):
        super().run_validators(value)  # validate_web_image: type, bytes, pixels, sides
        if value and not value._committed:
            processed = self._process(value)
            self._check_storage(len(processed.data) + len(processed.rendition or b""))

    def _process(self, file):
        cached = getattr(file, "_web_image", None)
        if cached is not None:
            return cached
        try:
            data, image_format, size = clean_image_bytes(file)
            rendition = rendition_bytes(data, self.rendition_width) if self.rendition_field else None
        except Exception as error:  # whatever Pillow makes of a damaged file: the uploader's problem
            logger.warning("Upload %s could not be processed: %r", getattr(file, "name", ""), error)
            raise ValidationError(UNPROCESSABLE, code="unprocessable") from error
        file._web_image = Processed(data, image_format, size, rendition)
        return file._web_image

    def _folders(self):
        folders = {os.path.dirname(self.generate_filename(None, "probe.bin"))}
        if self.rendition_field:
            rendition = self.model._meta.get_field(self.rendition_field)
            folders.add(os.path.dirname(rendition.generate_filename(None, "probe.webp")))
        return folders

    def _check_storage(self, needed):
        """A message beside the field, rather than a failed save, when the image folder
        cannot take the files: read-only, not writable or (nearly) full."""
        for folder in self._folders():
            try:
                path = Path(self.storage.path(folder))
            except NotImplementedError:  # a remote storage: no folder to check
                return
            try:
                path.mkdir(parents=True, exist_ok=True)
                handle, probe = tempfile.mkstemp(dir=path, prefix=".probe-")
                os.close(handle)
                os.unlink(probe)
                free = shutil.disk_usage(path).free
            except OSError as error:
                logger.error("Image folder %s is not writable: %s", path, error)
                raise ValidationError(STORAGE_READ_ONLY, code="storage_read_only") from error
            if free < needed + STORAGE_MARGIN:
                logger.error("Image folder %s is full: %s bytes free, %s needed", path, free, needed)
                raise ValidationError(STORAGE_FULL, code="storage_full")

    # Saving ---------------------------------------------------------------------

    def _write(self, instance, model_field, extension, data):
        """Store ``data`` under a new random name; a failed write leaves no (0-byte or
        partial) file behind."""
        storage = model_field.storage
        name = model_field.generate_filename(instance, f"{uuid.uuid4().hex}.{extension}")
        try:
            return storage.save(name, ContentFile(data), max_length=model_field.max_length)
        except OSError as error:
            if storage.exists(name):  # the name is random and new: what is there is ours
                storage.delete(name)
            logger.error("Image file %s could not be stored: %s", name, error)
            raise MediaStorageError(
                error.errno, STORAGE_FULL if error.errno == errno.ENOSPC else STORAGE_READ_ONLY
            ) from error

    def _previous_names(self, instance, add):
        if add or instance.pk is None:
            return []
        columns = [self.attname] + ([self.rendition_field] if self.rendition_field else [])
        row = type(instance)._base_manager.filter(pk=instance.pk).values_list(*columns).first()
        return [name for name in row or () if name]

    def pre_save(self, model_instance, add):
        previous = self._previous_names(model_instance, add)
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            processed = self._process(file)
            name = self._write(model_instance, self, ALLOWED_FORMATS[processed.image_format], processed.data)
            if self.rendition_field:
                try:
                    rendition = model_instance._meta.get_field(self.rendition_field)
                    model_instance.__dict__[self.rendition_field] = self._write(
                        model_instance, rendition, "webp", processed.rendition
                    )
                except Exception:
                    self.storage.delete(name)
                    raise
            model_instance.__dict__[self.attname] = name
            if self.width_field:
                setattr(model_instance, self.width_field, processed.size[0])
            if self.height_field:
                setattr(model_instance, self.height_field, processed.size[1])
        elif not file:
            # The image was cleared (the admin's "clear" box): the rendition goes with it,
            # or pages would go on showing the old picture.
            if self.rendition_field:
                setattr(model_instance, self.rendition_field, "")
            for dimension in (self.width_field, self.height_field):
                if dimension:
                    setattr(model_instance, dimension, None)
        else:
            # A stored image: a restored or reverted row may name files in the trash.
            for name in self._file_names(model_instance):
                media_files.restore(name)
        # Files the row named before and no longer names (replaced, cleared, reverted).
        current = self._file_names(model_instance)
        media_files.trash_after_commit([name for name in previous if name not in current])
        return super().pre_save(model_instance, add)
