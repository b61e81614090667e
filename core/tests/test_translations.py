"""German is the default language: the catalogue in locale/de is complete, the committed
.mo matches the .po, and the pages a resident or a member of staff opens really render in
German (the portal's own strings and Django's, e.g. form errors and the admin login)."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from core.tests.html import find_elements, text_of
from projects.tests.factories import ProjectFactory
from quartier.tests.factories import DistrictFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def read_po(path):
    """The entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr, msgstr[n],
    flags). A small parser on purpose: gettext tools are not a dependency of the project."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [entry for entry in entries if "msgid" in entry]


def translations_of(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture(scope="module")
def german_entries():
    entries = read_po(CATALOGUE / "django.po")
    assert entries[0]["msgid"] == ""
    return entries


def test_german_header_declares_language_charset_and_two_plural_forms(german_entries):
    header = german_entries[0]["msgstr"]
    assert "Language: de\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "Project-Id-Version: Quartiersportal" in header
    assert "fuzzy" not in german_entries[0]["flags"]


def test_german_catalogue_has_no_untranslated_or_fuzzy_entry(german_entries):
    messages = german_entries[1:]
    assert len(messages) > 400
    untranslated = [entry["msgid"] for entry in messages if not all(translations_of(entry))]
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []
    plural_entries = [entry for entry in messages if "msgid_plural" in entry]
    assert plural_entries
    assert all({"msgstr[0]", "msgstr[1]"} <= entry.keys() for entry in plural_entries)


def test_german_translations_keep_placeholders_and_newlines(german_entries):
    wrong = []
    for entry in german_entries[1:]:
        wanted = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in translations_of(entry):
            if set(PLACEHOLDER.findall(text)) - wanted or text.count("\n") != entry["msgid"].count("\n"):
                wrong.append((entry["msgid"], text))
        if "msgid_plural" not in entry and set(PLACEHOLDER.findall(entry["msgstr"])) != wanted:
            wrong.append((entry["msgid"], entry["msgstr"]))
    assert wrong == []


def test_committed_mo_file_matches_the_po_file(german_entries):
    """The .mo is committed so that a machine without gettext still shows German."""
    with (CATALOGUE / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in german_entries[1:]:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for number, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                if context:
                    got = compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], number)
                else:
                    got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], number)
                if got != entry[form]:
                    stale.append(entry["msgid"])
        else:
            got = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
            if got != entry["msgstr"]:
                stale.append(entry["msgid"])
    assert stale == []


@pytest.mark.django_db
def test_start_page_is_german(resident):
    DistrictFactory(name="Heven-Ost", slug="heven-ost")
    DistrictFactory(name="Wehringhausen", slug="wehringhausen")
    ProjectFactory(title="Quartiersbüro Innenstadt")
    html = resident.get("/").content.decode()
    assert find_elements(html, "html", lang="de")
    assert "Zum Inhalt springen" in html
    assert "Gemeinsam für lebenswerte Quartiere" in html
    assert "Laufende Projekte" in html
    assertInHTML("<li><strong>2</strong> Quartiere</li>", html, count=1)
    assert ">Projekte<" in html
    for english in ("Skip to content", "Running projects", "Our districts", "Legal notice"):
        assert english not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "phrase"), [(1, "1 Projekt gefunden"), (2, "2 Projekte gefunden")])
def test_project_list_counts_in_german(resident, count, phrase):
    ProjectFactory.create_batch(count)
    html = resident.get("/projekte/").content.decode()
    assert phrase in html
    assert "found" not in html


@pytest.mark.django_db
def test_admin_login_page_is_german(resident):
    html = resident.get(reverse("admin:login")).content.decode()
    assert "Anmelden" in html
    assert "Passwort" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_admin_index_headings_are_german(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    headings = [
        text_of(link) for link in find_elements(html, "a", class_="section") if "title" in dict(link.attributes)
    ]
    assert sorted(headings) == [
        "Aktuelles und Termine",
        "Anmeldeschutz",
        "Ausgehende E-Mails",
        "Authentifizierung und Autorisierung",
        "Förderung",
        "Partner und Mitgliedschaft",
        "Projekte",
        "Quartiere und Website",
    ]


@pytest.mark.django_db
def test_membership_form_has_german_labels_and_errors(resident):
    html = resident.get("/mitmachen/").content.decode()
    assert "Name der Organisation" in html
    assert "Ihre E-Mail-Adresse" in html
    assert "Anfrage senden" in html
    assert "Your e-mail address" not in html

    response = resident.post("/mitmachen/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu" in html
    assert "This field is required." not in html
