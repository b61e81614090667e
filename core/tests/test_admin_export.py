"""Export and import from the changelists (core/admin_export.py, the */resources.py files):
CSV and XLSX content, the filters and rights of the list, a round trip, the dry run with a
faulty row (nothing written, German messages with the line), and who may do it."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from funding.models import Funding
from funding.tests.factories import FundingFactory, FundingProgrammeFactory
from partners.tests.factories import ContactPersonFactory, OrganisationFactory
from projects.models import Project
from projects.tests.factories import FieldOfActionFactory, ProjectFactory
from quartier.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

CSV = "0"  # the first of the export formats (GermanCSV), then XLSX
XLSX = "1"


def export(client, model_path, fmt=CSV, query=""):
    url = reverse(f"admin:{model_path}_export") + query
    return client.post(url, {"format": fmt, "resource": "0"})


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with the byte order mark
    return [line.split(";") for line in text.removeprefix("\ufeff").splitlines()]


def upload(client, model_path, text, name="import.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse(f"admin:{model_path}_import"), {"format": "0", "resource": "0", "import_file": file})
    return response


def dry_run_summary(new, changed, unchanged):
    return gettext("Dry run without errors: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.") % {
        "new": new,
        "changed": changed,
        "unchanged": unchanged,
    }


def unknown(model, value):
    return ngettext("Unknown URL name for %(model)s: %(values)s", "Unknown URL names for %(model)s: %(values)s", 1) % {
        "model": model,
        "values": value,
    }


def _summary_count(page):
    import re

    match = re.search(r"class=\"import-export-note\">\s*(\d+) ", page.content.decode())
    return int(match.group(1))


@pytest.fixture
def network():
    field = FieldOfActionFactory(code="V", slug="oeffentlichkeit")
    nord = DistrictFactory(name="Nordstadt", slug="nordstadt")
    sued = DistrictFactory(name="Südstadt", slug="suedstadt")
    awo = OrganisationFactory(name="AWO", slug="awo")
    biwaq = FundingProgrammeFactory(short_name="BIWAQ V", slug="biwaq-v")
    garten = ProjectFactory(
        title="Quartiersgarten",
        slug="quartiersgarten",
        code="HS V 1",
        field_of_action=field,
        start=datetime.date(2024, 9, 1),
        end=datetime.date(2026, 6, 30),
        total_cost=Decimal("600000.00"),
    )
    garten.districts.set([nord])
    garten.responsible_organisations.set([awo])
    FundingFactory(project=garten, programme=biwaq, amount=Decimal("480000.00"), share=Decimal("80"))
    cafe = ProjectFactory(title="Stadtteilcafé", slug="stadtteilcafe", start=datetime.date(2025, 1, 1), end=None)
    cafe.districts.set([sued])
    return {"garten": garten, "cafe": cafe, "nord": nord, "sued": sued, "awo": awo, "biwaq": biwaq}


def test_project_csv_has_german_columns_amounts_dates_and_slugs(client_for, editor, network):
    response = export(client_for(editor), "projects_project")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="projekte-' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:7] == ["Projektnummer", "Titel", "URL-Name", "Handlungsfeld", "Kurzbeschreibung", "Beginn", "Ende"]
    garten = dict(zip(header, next(row for row in rows if row[2] == "quartiersgarten"), strict=True))
    assert garten["Beginn"] == "01.09.2024"
    assert garten["Gesamtkosten (EUR)"] == "600.000,00"
    assert garten["Quartiere"] == "nordstadt"
    assert garten["Träger"] == "awo"
    assert garten["Handlungsfeld"] == "oeffentlichkeit"
    assert garten["Förderungen"] == "BIWAQ V: 480.000,00"
    assert garten["Fördersumme (EUR)"] == "480.000,00"
    assert garten["Veröffentlicht"] == "ja"


def test_project_xlsx_has_real_dates_and_numbers(client_for, editor, network):
    response = export(client_for(editor), "projects_project", fmt=XLSX)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    garten = dict(zip(header, next(row for row in rows[1:] if row[2] == "quartiersgarten"), strict=True))
    assert garten["Beginn"] == datetime.datetime(2024, 9, 1)  # a date cell, not text
    assert garten["Gesamtkosten (EUR)"] == 600000
    assert garten["Fördersumme (EUR)"] == 480000
    assert garten["Quartiere"] == "nordstadt"
    assert sheet.freeze_panes == "A2"


def test_a_title_starting_a_formula_stays_text(client_for, editor, network):
    ProjectFactory(title="=HYPERLINK(1)", slug="formel")
    client = client_for(editor)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "projects_project", fmt=XLSX).content)).active
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[2].value == "formel")
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)"
    row = next(row for row in csv_rows(export(client, "projects_project")) if row[2] == "formel")
    assert row[1] == "'=HYPERLINK(1)"


def test_export_takes_the_filters_and_search_of_the_list(client_for, editor, network):
    client = client_for(editor)
    query = f"?districts__id__exact={network['sued'].pk}"
    page = client.get(reverse("admin:projects_project_export") + query)
    assert _summary_count(page) == 1
    slugs = [row[2] for row in csv_rows(export(client, "projects_project", query=query))[1:]]
    assert slugs == ["stadtteilcafe"]
    slugs = [row[2] for row in csv_rows(export(client, "projects_project", query="?q=garten"))[1:]]
    assert slugs == ["quartiersgarten"]


def test_changelist_shows_the_buttons_with_the_filters(client_for, editor, network):
    query = f"?districts__id__exact={network['sued'].pk}"
    html = client_for(editor).get(reverse("admin:projects_project_changelist") + query).content.decode()
    assert "Exportieren" in html and "Importieren" in html
    assert reverse("admin:projects_project_export") + query.replace("&", "&amp;") in html


def test_export_runs_a_fixed_number_of_queries(client_for, editor, network, django_assert_max_num_queries):
    client = client_for(editor)
    for n in range(30):
        project = ProjectFactory(slug=f"mehr-{n}")
        project.districts.set([network["nord"], network["sued"]])
        FundingFactory(project=project, programme=network["biwaq"])
    with django_assert_max_num_queries(20):
        response = export(client, "projects_project")
    assert len(csv_rows(response)) == 33


def test_fundings_organisations_and_contacts_export(client_for, editor, network):
    client = client_for(editor)
    header, *rows = csv_rows(export(client, "funding_funding"))
    assert header == [
        "Projekt",
        "Projekttitel",
        "Förderprogramm",
        "Programmname",
        "Betrag (EUR)",
        "Förderquote (%)",
        "Anmerkung",
    ]
    assert rows[0][:5] == ["quartiersgarten", "Quartiersgarten", "biwaq-v", network["biwaq"].name, "480.000,00"]
    ContactPersonFactory(name="Jana Beispiel", organisation=network["awo"], email="jana@example.org")
    header, *rows = csv_rows(export(client, "partners_contactperson"))
    jana = dict(zip(header, rows[0], strict=True))
    assert jana["Organisation"] == "AWO" and jana["E-Mail"] == "jana@example.org"
    header, *rows = csv_rows(export(client, "partners_organisation"))
    assert dict(zip(header, rows[0], strict=True))["URL-Name"] == "awo"


# --- import ----------------------------------------------------------------------------


def test_round_trip_dry_run_shows_every_row_unchanged(client_for, editor, network):
    client = client_for(editor)
    exported = export(client, "projects_project").content.decode("utf-8")
    response = upload(client, "projects_project", exported)
    html = response.content.decode()
    assert response.status_code == 200
    assert dry_run_summary(0, 0, 2) in html
    assert 'name="confirm"' in html


def test_import_creates_and_changes_projects_with_history(client_for, editor, network):
    client = client_for(editor)
    text = (
        "Titel;URL-Name;Kurzbeschreibung;Beginn;Ende;Gesamtkosten (EUR);Quartiere;Träger\n"
        "Quartiersgarten;quartiersgarten;Gärtnern im Hof;01.09.2024;30.06.2027;600000.00;nordstadt, suedstadt;awo\n"
        "Neues Projekt;;Etwas Neues;2026-01-15;;1.234,50;suedstadt;\n"
    )
    preview = upload(client, "projects_project", text).content.decode()
    assert dry_run_summary(1, 1, 0) in preview
    assert Project.objects.count() == 2  # the dry run wrote nothing
    form = _confirm_fields(preview)
    response = client.post(reverse("admin:projects_project_process_import"), form)
    assert response.status_code == 302
    garten = Project.objects.get(slug="quartiersgarten")
    assert garten.end == datetime.date(2027, 6, 30)
    assert garten.summary == "Gärtnern im Hof"
    assert {d.slug for d in garten.districts.all()} == {"nordstadt", "suedstadt"}
    new = Project.objects.get(title="Neues Projekt")
    assert new.slug == "neues-projekt"
    assert new.total_cost == Decimal("1234.50")
    assert new.published is False  # an import never publishes
    record = garten.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == gettext("Imported from a file")


def _confirm_fields(html):
    import re

    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert "import_file_name" in fields, html[:3000]
    return {name: fields[name] for name in ("import_file_name", "original_file_name", "format", "resource")}


def test_a_faulty_row_writes_nothing_and_names_line_and_column(client_for, editor, network):
    client = client_for(editor)
    text = (
        "Titel;URL-Name;Kurzbeschreibung;Beginn;Quartiere\n"
        "Gut;gut;Ein gutes Projekt;01.02.2026;nordstadt\n"
        "Schlecht;schlecht;Kaputt;31.02.2026;atlantis\n"
    )
    response = upload(client, "projects_project", text)
    html = response.content.decode()
    assert 'name="confirm"' not in html  # no way to confirm a file with a faulty row
    assert gettext("Nothing has been imported. Please correct these rows in the file and upload it again.") in html
    assert '<th scope="row">3</th>' in html  # the line in the file (line 1: the header)
    assert gettext("Please enter a date such as %(example)s.") % {"example": "31.12.2026"} in html
    assert unknown("Quartier", "atlantis") in html
    assert not Project.objects.filter(slug__in=["gut", "schlecht"]).exists()


def test_a_row_failing_at_confirmation_rolls_back_every_row(client_for, editor, network):
    client = client_for(editor)
    text = (
        "Titel;URL-Name;Kurzbeschreibung;Beginn;Quartiere\nEins;eins;A;01.02.2026;\nZwei;zwei;B;01.02.2026;nordstadt\n"
    )
    form = _confirm_fields(upload(client, "projects_project", text).content.decode())
    network["nord"].projects.clear()
    network["nord"].delete()  # between the preview and the confirmation
    response = client.post(reverse("admin:projects_project_process_import"), form, follow=True)
    assert (
        gettext("Nothing was imported: the file has rows with errors. Please check it and try again.")
        in response.content.decode()
    )
    assert not Project.objects.filter(slug__in=["eins", "zwei"]).exists()


def test_funding_import_reads_german_and_plain_amounts(client_for, editor, network):
    client = client_for(editor)
    other = FundingProgrammeFactory(slug="bewohnerfonds")
    text = (
        "Projekt;Förderprogramm;Betrag (EUR);Förderquote (%)\n"
        "quartiersgarten;biwaq-v;500.000,00;80\n"
        "stadtteilcafe;bewohnerfonds;1500.50;\n"
    )
    preview = upload(client, "funding_funding", text).content.decode()
    assert dry_run_summary(1, 1, 0) in preview
    client.post(reverse("admin:funding_funding_process_import"), _confirm_fields(preview))
    assert Funding.objects.get(programme=network["biwaq"]).amount == Decimal("500000.00")
    assert Funding.objects.get(programme=other).amount == Decimal("1500.50")


def test_funding_import_errors_are_german(client_for, editor, network):
    text = (
        "Projekt;Förderprogramm;Betrag (EUR)\n"
        "quartiersgarten;gibtsnicht;1\n"
        "unbekannt;biwaq-v;1\n"
        "quartiersgarten;biwaq-v;viel\n"
    )
    html = upload(client_for(editor), "funding_funding", text).content.decode()
    assert unknown("Förderprogramm", "gibtsnicht") in html
    assert "Bitte geben Sie eine Zahl wie 480.000,00 ein." in html  # the admin's own message
    assert html.count("<li>") >= 3
    assert unknown("Projekt", "unbekannt") in html
    assert Funding.objects.count() == 1


def test_import_accepts_commas_as_separator(client_for, editor, network):
    text = 'Titel,URL-Name,Kurzbeschreibung,Beginn\n"Komma, Projekt",komma,Kurz,01.03.2026\n'
    html = upload(client_for(editor), "projects_project", text).content.decode()
    assert dry_run_summary(1, 0, 0) in html


# --- who may ---------------------------------------------------------------------------

EXPORTS = ["projects_project", "funding_funding", "partners_organisation", "partners_contactperson"]
IMPORTS = ["projects_project", "funding_funding"]


@pytest.mark.parametrize("model_path", EXPORTS)
def test_anonymous_is_sent_to_login(client, model_path):
    for name in ("export", "import", "process_import"):
        if name != "export" and model_path not in IMPORTS:
            continue
        url = reverse(f"admin:{model_path}_{name}")
        for response in (client.get(url), client.post(url, {"format": "0"})):
            assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohne", password="x-y-z-123456", is_staff=True)


@pytest.mark.parametrize("persona", ["staff_without_group", "reviewer"])
@pytest.mark.parametrize("model_path", EXPORTS)
def test_staff_without_the_change_permission_may_neither_export_nor_import(
    request, client_for, network, persona, model_path
):
    client = client_for(request.getfixturevalue(persona))
    names = ["export"] + (["import", "process_import"] if model_path in IMPORTS else [])
    for name in names:
        url = reverse(f"admin:{model_path}_{name}")
        if name != "process_import":
            assert client.get(url).status_code == 403
        assert client.post(url, {"format": "0", "resource": "0"}).status_code == 403


def test_reviewer_sees_organisations_but_no_export_button(client_for, reviewer, network):
    html = client_for(reviewer).get(reverse("admin:partners_organisation_changelist")).content.decode()
    assert "AWO" in html
    assert reverse("admin:partners_organisation_export") not in html


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_editors_and_admins_export_and_import(request, client_for, network, persona):
    client = client_for(request.getfixturevalue(persona))
    assert export(client, "projects_project").status_code == 200
    assert client.get(reverse("admin:projects_project_import")).status_code == 200


def test_organisations_and_contacts_are_export_only(client_for, editor):
    client = client_for(editor)
    html = client.get(reverse("admin:partners_organisation_changelist")).content.decode()
    assert "Exportieren" in html and "Importieren" not in html
    assert client.get(reverse("admin:partners_organisation_import")).status_code == 403


# --- district editors (quartier/editors.py) -----------------------------------------------


@pytest.fixture
def nord_editor(django_user_model, staff_groups, network):
    from django.contrib.auth.models import Group

    from core.staff_groups import DISTRICT_EDITORS
    from quartier.models import DistrictEditor

    user = django_user_model.objects.create_user(username="nord", password="x-y-z-123456", is_staff=True)
    user.groups.set([Group.objects.get(name=DISTRICT_EDITORS)])
    DistrictEditor.objects.create(user=user, district=network["nord"])
    return user


def test_district_editor_exports_only_their_districts(client_for, nord_editor, network):
    client = client_for(nord_editor)
    assert [row[2] for row in csv_rows(export(client, "projects_project"))[1:]] == ["quartiersgarten"]
    assert [row[0] for row in csv_rows(export(client, "funding_funding"))[1:]] == ["quartiersgarten"]


def test_district_editor_imports_only_into_their_districts(client_for, nord_editor, network):
    client = client_for(nord_editor)
    text = (
        "Titel;URL-Name;Kurzbeschreibung;Beginn;Quartiere\n"
        "Eigenes;eigenes;A;01.02.2026;nordstadt\n"
        "Fremdes;fremdes;B;01.02.2026;suedstadt\n"
        "Café;stadtteilcafe;C;01.01.2025;nordstadt, suedstadt\n"
    )
    html = upload(client, "projects_project", text).content.decode()
    assert 'name="confirm"' not in html
    assert '<th scope="row">3</th>' in html and '<th scope="row">4</th>' in html
    assert '<th scope="row">2</th>' not in html
    funding = "Projekt;Förderprogramm;Betrag (EUR)\nstadtteilcafe;biwaq-v;1,00\n"
    html = upload(client, "funding_funding", funding).content.decode()
    assert unknown("Projekt", "stadtteilcafe") in html
    assert not Project.objects.filter(slug__in=["eigenes", "fremdes"]).exists()


def test_export_page_lists_every_column_and_chooses_csv(client_for, editor, network):
    html = client_for(editor).get(reverse("admin:projects_project_export")).content.decode()
    assert "Fördersumme (EUR)" in html and "Status" in html
    assert '<option value="0" selected>csv</option>' in html
