"""Export and import from the changelists (django-import-export): the file formats, the
column widgets and the admin mixin every exporting admin uses.

- **Export** (CSV and XLSX) writes what the changelist shows: the admin's
  ``get_queryset`` (so a district editor's scope) with the filters and search applied.
- **Import** (CSV) always starts with a dry run that lists every row as new, changed or
  unchanged, or lists each faulty row with its line in the file and a German message.
  Only a file without a single faulty row can be confirmed, and the confirmed import runs
  in one transaction that is rolled back if a row fails then: all rows or none.
- **Who**: export needs the model's change permission, import its add *and* change
  permission (``has_export_permission``/``has_import_permission`` below; the settings
  ``IMPORT_EXPORT_*_PERMISSION_CODE`` are the floor for any other import-export admin).
  The reviewers (Prüfung) see organisations to link a request but are not given a file
  of all of them: a bulk copy of addresses is more than their task needs (DSGVO,
  purpose limitation).

The columns carry fixed German names: a file is an interchange format, and a column
must not change its name with the language of whoever exports it. Related entries are
named by their URL name (slug), which is unique and stable; dates read ``31.12.2026``
and amounts ``480.000,00`` (``480000.00`` and ISO dates are read as well).
"""

import csv
import datetime
import io
from decimal import Decimal

import tablib
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.timezone import localdate
from django.utils.translation import gettext, ngettext
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from import_export.results import RowResult

from core.admin_numbers import german_amount, parse_amount

DATE_FORMAT = "%d.%m.%Y"
DATE_INPUT_FORMATS = (DATE_FORMAT, "%d.%m.%y", "%Y-%m-%d")
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = ";,\t"


# --- file formats -------------------------------------------------------------------


class GermanCSV(base_formats.CSV):
    """CSV as German spreadsheets write it: semicolons, UTF-8 with a byte order mark
    (so Excel shows umlauts). Reading takes semicolons, commas or tabs, whichever the
    header line uses. A text that would start a formula is written with a leading
    apostrophe, which reading removes again."""

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([_defused(value) for value in row])
        return "\ufeff" + out.getvalue()

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        header = in_stream.split("\n", 1)[0]
        delimiter = max(DELIMITERS, key=header.count)
        rows = list(csv.reader(io.StringIO(in_stream), delimiter=delimiter))
        rows = [row for row in rows if any(cell.strip() for cell in row)]  # blank lines
        dataset = tablib.Dataset(headers=[name.strip() for name in rows[0]] if rows else [])
        width = len(dataset.headers)
        for row in rows[1:]:
            dataset.append([_restored(cell) for cell in (row + [""] * width)[:width]])
        return dataset


def _defused(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _restored(value):
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class GermanXLSX(base_formats.XLSX):
    """An Excel workbook: bold, frozen header row; dates and amounts as real dates and
    numbers in German display formats; a text starting with "=" stays text, never a
    formula."""

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "Export"
        sheet.append(list(dataset.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for values in dataset:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "DD.MM.YYYY"
                elif isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        for column, header in zip(sheet.columns, dataset.headers, strict=False):
            widest = max([len(str(header))] + [len(str(c.value or "")) for c in column[1:200]])
            sheet.column_dimensions[column[0].column_letter].width = min(max(widest + 2, 10), 60)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# --- widgets: how one cell is read and written ----------------------------------------


class GermanDecimalWidget(widgets.DecimalWidget):
    """``480.000,00`` in CSV (a number in XLSX); reads the admin's amount forms."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        number = parse_amount(value)
        if number is None or not number.is_finite():
            raise ValueError(gettext("Please enter a number such as %(example)s.") % {"example": "480.000,00"})
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return german_amount(value)


class GermanDateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format=DATE_FORMAT)
        self.formats = DATE_INPUT_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(gettext("Please enter a date such as %(example)s.") % {"example": "31.12.2026"}) from None


class YesNoWidget(widgets.BooleanWidget):
    """ "ja"/"nein" (export only)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return gettext("yes") if value else gettext("no")


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related entry named by its URL name; an unknown one is a German row error.
    ``scope(queryset, user)`` narrows what the importing user may name, e.g. a district
    editor's projects."""

    def __init__(self, model, scope=None, **kwargs):
        super().__init__(model, field="slug", **kwargs)
        self.scope = scope

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model._default_manager.all()
        user = kwargs.get("user")
        return self.scope(queryset, user) if self.scope and user is not None else queryset

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(unknown_slugs(self.model, [value])) from None


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Several related entries by URL name, separated by commas; unlike the library's
    widget an unknown name is an error, not silently dropped."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=", ", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slugs = [part.strip() for part in str(value or "").replace(";", ",").split(",") if part.strip()]
        found = self.model._default_manager.filter(slug__in=slugs)
        missing = sorted(set(slugs) - {obj.slug for obj in found})
        if missing:
            raise ValueError(unknown_slugs(self.model, missing))
        return found

    def render(self, value, obj=None, **kwargs):
        # value.all() reads the prefetched entries: no query per row.
        return self.separator.join(sorted(related.slug for related in value.all())) if value is not None else ""


def unknown_slugs(model, values):
    return ngettext(
        "Unknown URL name for %(model)s: %(values)s",
        "Unknown URL names for %(model)s: %(values)s",
        len(values),
    ) % {"model": model._meta.verbose_name, "values": ", ".join(str(v) for v in values)}


# --- resources ----------------------------------------------------------------------


class PortalResource(resources.ModelResource):
    """The base of the portal's resources: row errors keyed by the German column name,
    each imported save written to the history with a reason, unchanged rows reported
    as such, and an optional ``scope`` (the admin's queryset) where existing entries are
    looked up, so an import cannot reach entries the user cannot change."""

    def __init__(self, scope=None, **kwargs):
        super().__init__(**kwargs)
        self.scope = scope

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return self.scope if self.scope is not None else super().get_queryset()

    def get_import_fields(self):
        # The export-only columns (status, totals, names beside a URL name) are neither
        # read nor listed nor compared when a file comes in.
        return [field for field in super().get_import_fields() if not field.readonly]

    def import_instance(self, instance, row, **kwargs):
        # The library reads the many-to-many columns only after saving; read them here as
        # well, so an unknown URL name is a row error beside the others, before any save.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {field.attribute: field.column_name for field in self.get_import_fields() if field.attribute}
            renamed = {}
            for name, errors in error.message_dict.items():
                key = NON_FIELD_ERRORS if name == NON_FIELD_ERRORS else columns.get(name, name)
                renamed.setdefault(key, []).extend(errors)
            raise ValidationError(renamed) from None

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = gettext("Imported from a file")
        super().before_save_instance(instance, row, **kwargs)


# --- the admin ----------------------------------------------------------------------


class FormatExportForm(ExportForm):
    """The export's one question, the format, with CSV chosen (no empty choice)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [c for c in self.fields["format"].choices if c[0] != ""]
        self.fields["format"].initial = "0"


class ExportImportAdminMixin(ImportExportMixin):
    """Put before the admin's base class with ``resource_classes`` set. Without
    ``importable = True`` the admin only exports."""

    importable = False
    export_form_class = FormatExportForm  # the format only: the columns are fixed
    export_formats = [GermanCSV, GermanXLSX]
    import_formats = [GermanCSV]
    import_template_name = "admin/core/import.html"
    export_template_name = "admin/core/export.html"
    from_encoding = "utf-8-sig"
    skip_admin_log = True  # the history (simple-history) keeps each change with its author

    class Media:
        css = {"all": ["css/admin-import-export.css"]}

    def has_export_permission(self, request):
        return self.has_change_permission(request)

    def has_import_permission(self, request):
        return self.importable and self.has_add_permission(request) and self.has_change_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"scope": self.get_queryset(request)}

    def get_export_resource_kwargs(self, request, **kwargs):
        return self.get_resource_kwargs(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return self.get_resource_kwargs(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # The confirmed import: a row failing now undoes every row (all or none).
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        opts = self.model._meta
        resources = self.get_export_resource_classes(request)
        kwargs = self.get_export_resource_kwargs(request)
        # All columns of the file, the export-only ones too (the library lists the imported).
        context["fields_list"] = [(res.get_display_name(), res(**kwargs).get_export_headers()) for res in resources]
        context["export_count"] = self.get_export_queryset(request).count()
        context["export_filtered"] = bool(request.GET)
        context["changelist_url"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.admin_site.name
        ) + ("?" + request.GET.urlencode() if request.GET else "")
        return context

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # As the library's, but with native dates and numbers for any binary format: the
        # library checks the exact type of its own formats, and ours are subclasses.
        if not self.has_export_permission(request):
            raise PermissionDenied
        kwargs.pop("encoding", None)
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        return file_format.export_data(data)

    def get_export_filename(self, request, queryset, file_format):
        name = slugify(str(self.model._meta.verbose_name_plural).replace("ß", "ss"))
        return f"{name}-{localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back by the import (use_transactions): say so instead of "done".
            messages.error(
                request,
                gettext("Nothing was imported: the file has rows with errors. Please check it and try again."),
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_import", current_app=self.admin_site.name)
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            gettext("Import done: %(new)d new, %(changed)d changed, %(unchanged)d unchanged (%(model)s).")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
                "model": self.model._meta.verbose_name_plural,
            },
        )


class ComputedField(fields.Field):
    """An export-only column computed from the entry (``value(obj)``), written by a
    widget like any other column (an amount as text in CSV, a number in XLSX)."""

    def __init__(self, value, **kwargs):
        super().__init__(readonly=True, **kwargs)
        self.compute = value

    def get_value(self, instance):
        return self.compute(instance)
