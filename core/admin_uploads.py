"""An image chosen in a back-office form survives a save refused for another field.

A browser never sends a file twice: when a form comes back with an error (a missing
title, say), its file input is empty, and the image chosen before is gone unless staff
choose it again. So a valid upload in a form shown again is kept in a private folder
(outside the media root, under a random name) and the form carries a signed token for
it in a hidden field beside the file input, with the file's name for staff to read.
Sent again without a new file, the field takes the kept one. Kept files are removed
after ``MAX_AGE`` seconds, whenever another file is kept.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext

SALT = "core.admin_uploads"
MAX_AGE = 6 * 60 * 60
KEPT_AS = "_portal_kept_as"  # set on an upload restored from a token: that token
NAME = re.compile(r"[A-Za-z0-9_-]{16,64}")
SUFFIX = "__kept"


def kept_folder():
    folder = Path(getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()) / "quartier-kept-uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _purge(folder, now):
    for path in folder.iterdir():
        try:
            if now - path.stat().st_mtime > MAX_AGE:
                path.unlink()
        except OSError:
            pass  # removed meanwhile by another process


def keep(upload):
    """Store ``upload`` and return the signed token that brings it back."""
    folder = kept_folder()
    _purge(folder, time.time())
    name = secrets.token_urlsafe(24)
    upload.seek(0)
    with open(folder / name, "xb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    upload.seek(0)
    return signing.dumps({"n": name, "f": upload.name, "t": upload.content_type}, salt=SALT, compress=True)


def restore(token):
    """The upload kept under ``token``, or None (a forged or old token, a file gone)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not NAME.fullmatch(str(data.get("n", ""))):
        return None
    try:
        content = (kept_folder() / data["n"]).read_bytes()
    except OSError:
        return None
    upload = SimpleUploadedFile(str(data.get("f") or "bild"), content, str(data.get("t") or ""))
    setattr(upload, KEPT_AS, token)
    return upload


def remember_checked(widget, upload):
    """Called by the form field with its cleaned value: an upload that passed every check
    is noted on the field's widget (one per form), which keeps it if the form is shown again."""
    if isinstance(upload, UploadedFile) and isinstance(widget, KeptUploadWidget):
        widget.checked_upload = upload
    return upload


class KeptUploadWidget(AdminFileWidget):
    """The admin's file input, keeping a valid upload across a refused save."""

    checked_upload = None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None:  # no new file and not cleared: the kept one, if any
            token = data.get(name + SUFFIX)
            if isinstance(token, str) and token:
                return restore(token)
        return value

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        upload = getattr(self, "checked_upload", None)
        if upload is None:
            return html
        try:
            token = getattr(upload, KEPT_AS, None) or keep(upload)
        except OSError:
            return html + format_html(
                '<p class="help kept-upload">{}</p>',
                gettext("Please choose the file “%(name)s” again: it could not be kept.") % {"name": upload.name},
            )
        return html + format_html(
            '<input type="hidden" name="{}" value="{}"><p class="help kept-upload">{}</p>',
            name + SUFFIX,
            token,
            gettext("Chosen: “%(name)s”. It is kept and saved with the entry; choose another file to replace it.")
            % {"name": upload.name},
        )
