"""Back-office forms: a chosen image survives a save refused for another field
(core/admin_uploads.py), and the labels say what a field takes."""

import html as html_module
import re

import pytest
from django.urls import reverse

from core import admin_helpers, admin_uploads
from core.tests.admin_form import admin_form_data
from partners.models import Organisation
from projects.tests.factories import png_upload

ADD = reverse("admin:partners_organisation_add")
KEPT = re.compile(r'name="logo__kept" value="([^"]+)"')


def _refused_with_logo(client, name="logo-awo.png"):
    """The add form sent with a logo but without the organisation's name."""
    data = admin_form_data(client.get(ADD), Organisation)
    data.update(name="", kind="verein", logo_alt="Logo der AWO", logo=png_upload(name))
    response = client.post(ADD, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["name"]
    return data, response


@pytest.fixture(autouse=True)
def _kept_in_tmp(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")


@pytest.mark.django_db
def test_a_refused_form_keeps_the_chosen_logo_and_says_so(editor, client_for):
    client = client_for(editor)
    data, response = _refused_with_logo(client)
    html = response.content.decode()
    assert KEPT.search(html)
    assert "logo-awo.png" in html  # staff read which file is kept
    assert len(list(admin_uploads.kept_folder().iterdir())) == 1

    # Sent again with the name and no file: the kept logo is saved with the entry.
    data.pop("logo")
    data.update(name="AWO Ruhrbach", logo__kept=KEPT.search(html).group(1))
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name="AWO Ruhrbach")
    assert organisation.logo and organisation.logo.name.startswith("organisations/")


@pytest.mark.django_db
def test_a_new_file_replaces_the_kept_one(editor, client_for):
    client = client_for(editor)
    data, response = _refused_with_logo(client, "alt.png")
    data.update(
        name="AWO Ruhrbach",
        logo=png_upload("neu.png", color=(200, 10, 10)),
        logo__kept=KEPT.search(response.content.decode()).group(1),
    )
    assert client.post(ADD, data).status_code == 302
    organisation = Organisation.objects.get(name="AWO Ruhrbach")
    assert organisation.logo


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["erfunden", "x" * 500, ""])
def test_a_forged_token_brings_nothing(editor, client_for, token):
    client = client_for(editor)
    data = admin_form_data(client.get(ADD), Organisation)
    data.update(name="AWO Ruhrbach", kind="verein", logo__kept=token)
    assert client.post(ADD, data).status_code == 302
    assert not Organisation.objects.get(name="AWO Ruhrbach").logo


def test_a_token_for_another_path_is_refused(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    from django.core import signing

    forged = signing.dumps({"n": "../../etc/passwd", "f": "x.png"}, salt=admin_uploads.SALT)
    assert admin_uploads.restore(forged) is None


def test_an_old_token_is_refused(settings, tmp_path, time_machine):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    time_machine.move_to("2026-06-15 10:00Z")
    token = admin_uploads.keep(png_upload())
    assert admin_uploads.restore(token) is not None
    time_machine.move_to("2026-06-15 17:00Z")  # seven hours later
    assert admin_uploads.restore(token) is None


@pytest.mark.django_db
def test_an_invalid_file_is_not_kept(editor, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(editor)
    data = admin_form_data(client.get(ADD), Organisation)
    data.update(name="", kind="verein", logo=SimpleUploadedFile("kein-bild.png", b"not an image", "image/png"))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not KEPT.search(response.content.decode())


@pytest.mark.django_db
def test_the_kept_token_is_refused_without_login(client):
    response = client.post(ADD, {"name": "X", "kind": "verein", "logo__kept": "erfunden"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Organisation.objects.exists()


# --- Labels (issue 12, point 14) -------------------------------------------------------


def _form(client, url):
    return client.get(url).context["adminform"].form


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "source"),
    [("admin:projects_project_add", "Titel"), ("admin:partners_organisation_add", "Name")],
)
def test_slug_help_names_the_field_it_is_made_from(editor, client_for, url, source):
    help_text = str(_form(client_for(editor), reverse(url)).fields["slug"].help_text)
    assert f"„{source}“" in help_text or f"“{source}”" in help_text, help_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("admin:partners_organisation_add", admin_helpers.PLAIN_TEXT_BLOCKS_HELP),
        ("admin:quartier_district_add", admin_helpers.PLAIN_TEXT_BLOCKS_HELP),
        ("admin:projects_project_add", admin_helpers.LINE_BREAKS_HELP),
        ("admin:funding_fundingprogramme_add", admin_helpers.LINE_BREAKS_HELP),
    ],
)
def test_description_says_what_formatting_works(admin_user, client_for, url, expected):
    assert _form(client_for(admin_user), reverse(url)).fields["description"].help_text == expected


@pytest.mark.django_db
def test_a_text_with_its_own_help_keeps_it(admin_user, client_for):
    from news.models import Post

    help_text = _form(client_for(admin_user), reverse("admin:news_post_add")).fields["body"].help_text
    assert help_text == Post._meta.get_field("body").help_text


def _crumbs(response):
    html = response.content.decode()
    trail = html[html.index('<div class="breadcrumbs">') :]
    text = html_module.unescape(re.sub(r"<[^>]+>", "", trail[: trail.index("</div>")]))
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.django_db
def test_breadcrumb_names_an_app_named_like_its_model_once(admin_user, client_for):
    from projects.tests.factories import ProjectFactory

    project = ProjectFactory(title="Quartiersgarten")
    client = client_for(admin_user)
    pages = {
        "list": reverse("admin:projects_project_changelist"),
        "add": reverse("admin:projects_project_add"),
        "change": reverse("admin:projects_project_change", args=[project.pk]),
        "history": reverse("admin:projects_project_history", args=[project.pk]),
        "delete": reverse("admin:projects_project_delete", args=[project.pk]),
    }
    for name, url in pages.items():
        crumbs = _crumbs(client.get(url))
        assert crumbs.count("Projekte") == 1, (name, crumbs)
    # An app named otherwise keeps its crumb.
    assert _crumbs(client.get(reverse("admin:partners_organisation_changelist"))) == (
        "Startseite › Partner und Mitgliedschaft › Organisationen"
    )
