"""The files behind uploaded images: stored dimensions, pages that survive a missing
file, uploads refused before they fail (odd shapes, a full or read-only image folder),
random names, files that leave the public folder with their rows (and come back on a
restore), and the orphan command."""

import importlib
import io
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from core import images, media_files
from core.images import MediaStorageError
from core.tests.admin_form import admin_form_data
from core.tests.html import find_elements
from core.tests.test_images import _chunk, png_header_only
from partners.tests.factories import OrganisationFactory
from projects.models import ProjectImage
from projects.tests.factories import ProjectFactory, ProjectImageFactory
from quartier.tests.factories import DistrictFactory


def png(size=(300, 200), noise=False, name="Familie_Mueller_Geburtstag.png"):
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else Image.new("RGB", size, "teal")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def files_under(root):
    root = Path(root)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def media():
    return files_under(settings.MEDIA_ROOT)


def trash():
    return files_under(settings.MEDIA_TRASH_ROOT)


def post_image(client, upload, project=None):
    return client.post(
        reverse("admin:projects_projectimage_add"),
        {
            "project": (project or ProjectFactory()).pk,
            "image": upload,
            "alt_text": "Kinder beim Malen",
            "caption": "",
            "credit": "Foto: Jana Beispiel",
            "position": "0",
        },
    )


def german(message):
    with translation.override("de"):
        return escape(str(message))


# Point 11: dimensions are stored; a missing file breaks nothing ----------------------


@pytest.mark.django_db
def test_the_dimensions_of_an_upload_are_stored():
    picture = ProjectImageFactory(image=png((300, 200)))
    assert ProjectImage.objects.filter(pk=picture.pk).values_list("width", "height").get() == (300, 200)


@pytest.mark.django_db
def test_loading_a_row_never_opens_its_file():
    picture = ProjectImageFactory(image=png((300, 200)))
    Path(picture.image.path).unlink()
    ProjectImage.objects.filter(pk=picture.pk).update(width=None, height=None)  # a row stored before the fix
    loaded = ProjectImage.objects.get(pk=picture.pk)
    assert (loaded.width, loaded.height) == (None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("dimensions", ["stored", "empty"])
def test_a_missing_file_breaks_no_page(client_for, editor, admin_user, caplog, dimensions):
    project = ProjectFactory()
    kept = ProjectImageFactory(project=project, image=png((300, 200)), alt_text="Das Bild, das noch da ist")
    lost = ProjectImageFactory(project=project, image=png((300, 200)), alt_text="Das Bild ohne Datei")
    if dimensions == "empty":
        ProjectImage.objects.update(width=None, height=None)
    Path(lost.image.path).unlink()
    Path(lost.rendition.path).unlink()

    public = client_for(editor).get(project.get_absolute_url())
    assert public.status_code == 200
    page = public.content.decode()
    assert "Das Bild, das noch da ist" in page
    assert "Das Bild ohne Datei" not in page and lost.rendition.url not in page
    assert lost.image.name in caplog.text  # the log names the missing file

    for user in (editor, admin_user):
        client = client_for(user)
        for url in (
            reverse("admin:projects_projectimage_change", args=[lost.pk]),
            reverse("admin:projects_project_change", args=[project.pk]),
            reverse("admin:projects_projectimage_changelist"),
        ):
            assert client.get(url).status_code == 200, url
        page = client.get(reverse("admin:projects_projectimage_change", args=[lost.pk])).content.decode()
        assert "Die Bilddatei fehlt auf dem Server." in page  # the preview says so, no broken picture
        assert lost.rendition.url not in page

    out = io.StringIO()
    call_command("dumpdata", "projects.projectimage", stdout=out)
    assert lost.image.name in out.getvalue() and kept.image.name in out.getvalue()


@pytest.mark.django_db
def test_a_missing_district_image_or_logo_is_left_out(resident):
    district = DistrictFactory(image=png((600, 400)), image_alt="Der Marktplatz")
    organisation = OrganisationFactory(logo=png((400, 200)), logo_alt="Logo der Caritas")
    for path in (district.image.path, district.image_rendition.path, organisation.logo_rendition.path):
        Path(path).unlink()
    page = resident.get(district.get_absolute_url())
    assert page.status_code == 200 and "Der Marktplatz" not in page.content.decode()
    # The logo's rendition is gone, the logo itself is still there: the page falls back to it.
    page = resident.get(organisation.get_absolute_url()).content.decode()
    assert find_elements(page, "img", src=organisation.logo.url)


# Point 12: what Pillow or WebP cannot handle is refused beside the field --------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("size", "code", "german_text"),
    [
        ((39_000_000, 1), "too_long", "höchstens 16.383 Pixel"),
        ((1_000, 20_000), "too_long", "höchstens 16.383 Pixel"),
        ((4_200, 200), "aspect_ratio", "höchstens 20-mal"),
    ],
)
def test_a_strip_or_an_overlong_image_is_refused_beside_the_field(client_for, editor, size, code, german_text):
    response = post_image(client_for(editor), SimpleUploadedFile("streifen.png", png_header_only(*size)))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["image"]] == [code]
    assert german_text in response.content.decode()
    assert "Kinder beim Malen" in response.content.decode()  # the form comes back filled in
    assert ProjectImage.objects.count() == 0
    assert media() == []


@pytest.mark.django_db
def test_a_strip_at_the_limit_is_stored_with_a_rendition():
    picture = ProjectImageFactory(image=png((4_000, 200)))
    with Image.open(picture.rendition.path) as rendition:
        assert rendition.size == (1200, 60)


@pytest.mark.django_db
def test_a_damaged_image_is_refused_beside_the_field_and_leaves_no_file(client_for, editor):
    # Every chunk is intact (Pillow's verify() passes), but the pixel data is no zlib stream.
    header = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 300, 200, 8, 2, 0, 0, 0))
    damaged = header + _chunk(b"IDAT", b"not compressed pixels" * 50) + _chunk(b"IEND", b"")
    response = post_image(client_for(editor), SimpleUploadedFile("kaputt.png", damaged))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["image"]] == ["unprocessable"]
    assert german(images.UNPROCESSABLE) in response.content.decode()
    assert ProjectImage.objects.count() == 0
    assert media() == []


@pytest.fixture
def small_media(settings, tmp_path):
    """MEDIA_ROOT on a real 1 MB file system (tmpfs), to fill it up."""
    root = tmp_path / "small-media"
    root.mkdir()
    mounted = subprocess.run([tool("mount"), "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(root)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    settings.MEDIA_ROOT = root
    yield root
    subprocess.run([tool("umount"), str(root)], check=True)


def fill(root, leave):
    """Fill the file system of ``root`` but ``leave`` bytes."""
    filler = root / "filler.bin"
    statistics = os.statvfs(root)
    filler.write_bytes(b"\0" * (statistics.f_bavail * statistics.f_frsize - leave))


@pytest.mark.django_db
def test_a_full_image_folder_is_a_message_beside_the_field(client_for, editor, small_media):
    fill(small_media, leave=100 * 1024)
    response = post_image(client_for(editor), png((400, 300), noise=True))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["image"]] == ["storage_full"]
    assert german(images.STORAGE_FULL) in response.content.decode()
    assert ProjectImage.objects.count() == 0
    assert media() == ["filler.bin"]


@pytest.mark.django_db
def test_a_write_that_fills_the_disk_leaves_no_empty_file(small_media):
    # Saved without validation (as seed_demo does), the write itself runs out of room.
    fill(small_media, leave=64 * 1024)
    project = ProjectFactory()
    with pytest.raises(MediaStorageError), transaction.atomic():
        ProjectImage(
            project=project, image=png((600, 400), noise=True), alt_text="Rauschen", credit="Foto: Test"
        ).save()
    assert media() == ["filler.bin"]  # no 0-byte or partial file
    assert ProjectImage.objects.count() == 0


@pytest.fixture
def read_only_media(settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "projects" / "web").mkdir(parents=True)
    folders = [root / "projects", root / "projects" / "web"]
    chattr = tool("chattr")
    if any(subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode for folder in folders):
        pytest.skip("chattr +i is not available here")
    yield root
    for folder in folders:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.django_db
def test_a_read_only_image_folder_is_a_message_beside_the_field(client_for, editor, read_only_media):
    response = post_image(client_for(editor), png())
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["image"]] == ["storage_read_only"]
    assert german(images.STORAGE_READ_ONLY) in response.content.decode()
    assert ProjectImage.objects.count() == 0
    assert media() == []


# Point 13: random names; files leave the public folder with their rows ---------------


@pytest.mark.django_db
def test_stored_files_have_random_names(client_for, editor):
    client = client_for(editor)
    for _ in range(2):
        assert post_image(client, png(name="Familie_Mueller_Geburtstag.png")).status_code == 302
    names = [name for picture in ProjectImage.objects.all() for name in (picture.image.name, picture.rendition.name)]
    assert len(set(names)) == 4
    assert not any("Mueller" in name or "Familie" in name for name in names + media())
    assert all(len(Path(name).stem) >= 32 for name in names)


@pytest.mark.django_db
def test_the_files_of_a_deleted_image_leave_the_public_folder_after_commit(
    client_for, editor, django_capture_on_commit_callbacks
):
    picture = ProjectImageFactory()
    names = sorted([picture.image.name, picture.rendition.name])
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("admin:projects_projectimage_delete", args=[picture.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert media() == names  # not before the commit
    for callback in callbacks:
        callback()
    assert media() == []
    assert trash() == names
    assert client.get(picture.image.url).status_code == 404


@pytest.mark.django_db
def test_a_delete_that_is_rolled_back_keeps_the_files(transactional_db):
    picture = ProjectImageFactory()
    names = sorted([picture.image.name, picture.rendition.name])
    with pytest.raises(RuntimeError), transaction.atomic():
        picture.delete()
        raise RuntimeError
    assert media() == names and trash() == []


@pytest.mark.django_db
def test_restoring_a_deleted_image_from_its_history_brings_its_files_back(django_capture_on_commit_callbacks):
    picture = ProjectImageFactory()
    names = sorted([picture.image.name, picture.rendition.name])
    pk = picture.pk
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert media() == []
    record = ProjectImage.history.filter(id=pk).order_by("-history_date").first()
    with django_capture_on_commit_callbacks(execute=True):
        record.instance.save()
    assert media() == names and trash() == []
    assert ProjectImage.objects.get(pk=pk).width == 40


@pytest.mark.django_db
def test_the_old_files_of_a_replaced_or_cleared_image_go_to_the_trash(
    client_for, editor, django_capture_on_commit_callbacks
):
    picture = ProjectImageFactory()
    old = sorted([picture.image.name, picture.rendition.name])
    client = client_for(editor)
    url = reverse("admin:projects_projectimage_change", args=[picture.pk])
    data = admin_form_data(client.get(url), ProjectImage)
    data["image"] = png((500, 300))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    picture.refresh_from_db()
    assert (picture.width, picture.height) == (500, 300)
    assert media() == sorted([picture.image.name, picture.rendition.name])
    assert trash() == old

    district = DistrictFactory(image=png((600, 400)), image_alt="Markt", image_credit="Foto: Stadt")
    district_files = [district.image.name, district.image_rendition.name]
    district.image = ""
    with django_capture_on_commit_callbacks(execute=True):
        district.save()
    assert not set(district_files) & set(media())
    assert set(district_files) <= set(trash())


@pytest.mark.django_db
def test_reverting_to_an_older_image_swaps_the_files(django_capture_on_commit_callbacks):
    picture = ProjectImageFactory(image=png((300, 200)))
    first = sorted([picture.image.name, picture.rendition.name])
    picture.image = png((500, 300))
    with django_capture_on_commit_callbacks(execute=True):
        picture.save()
    second = sorted([picture.image.name, picture.rendition.name])
    assert media() == second and trash() == first
    oldest = picture.history.order_by("history_date").first()
    with django_capture_on_commit_callbacks(execute=True):
        oldest.instance.save()  # what the history's revert does
    assert media() == first and trash() == second
    assert ProjectImage.objects.values_list("width", "height").get() == (300, 200)


@pytest.mark.django_db
def test_a_file_another_row_still_uses_stays(django_capture_on_commit_callbacks):
    picture = ProjectImageFactory()
    twin = ProjectImageFactory()
    ProjectImage.objects.filter(pk=twin.pk).update(image=picture.image.name, rendition=picture.rendition.name)
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert {picture.image.name, picture.rendition.name} <= set(media())


@pytest.mark.django_db
def test_media_orphans_lists_by_default_and_tidies_with_delete(django_capture_on_commit_callbacks):
    live = ProjectImageFactory()
    deleted = ProjectImageFactory()
    with django_capture_on_commit_callbacks(execute=False):
        deleted.delete()  # the callbacks never run: its files stay public, as after a crash
    stray = Path(settings.MEDIA_ROOT, "projects", "urlaub.jpg")
    stray.write_bytes(b"left over")
    forgotten = Path(settings.MEDIA_TRASH_ROOT, "projects", "alt.png")
    forgotten.parent.mkdir(parents=True)
    forgotten.write_bytes(b"no row, no history")
    before = media()

    out = io.StringIO()
    call_command("media_orphans", "--min-age-hours=0", stdout=out)
    listing = out.getvalue()
    assert deleted.image.name in listing and "projects/urlaub.jpg" in listing and "projects/alt.png" in listing
    assert live.image.name not in listing
    assert media() == before  # listing changes nothing

    call_command("media_orphans", "--delete", "--min-age-hours=0", stdout=io.StringIO())
    assert media() == sorted([live.image.name, live.rendition.name])
    assert trash() == sorted([deleted.image.name, deleted.rendition.name])  # the history still names them

    out = io.StringIO()
    call_command("media_orphans", stdout=out)
    assert "No orphaned image files." in out.getvalue()


@pytest.mark.django_db
def test_media_orphans_leaves_recent_files_alone():
    Path(settings.MEDIA_ROOT, "projects").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "projects", "upload-in-progress.png").write_bytes(b"...")
    assert not media_files.find_orphans()


@pytest.mark.django_db
def test_the_migration_gives_rows_stored_before_their_size_from_the_file():
    from django.apps import apps

    migration = importlib.import_module("projects.migrations.0006_projectimage_sizes_from_files")
    old = ProjectImageFactory(image=png((300, 200)))
    lost = ProjectImageFactory(image=png((300, 200)))
    ProjectImage.objects.update(width=None, height=None)
    ProjectImage.history.update(width=None, height=None)
    Path(lost.image.path).unlink()

    migration.store_sizes_from_files(apps, None)

    sizes = dict(ProjectImage.objects.values_list("pk", "width"))
    assert sizes == {old.pk: 300, lost.pk: None}  # a missing file leaves the size empty, and no error
    assert set(old.history.values_list("width", "height")) == {(300, 200)}
