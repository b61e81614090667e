"""Projects as a table (export and import in the admin, ``core/admin_export.py``): the
fact sheet's main fields, the bodies and districts by URL name, and for funders' reports
the fundings and their total (export only)."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from import_export.fields import Field

from core.admin_export import (
    ComputedField,
    GermanDateWidget,
    GermanDecimalWidget,
    PortalResource,
    SlugForeignKeyWidget,
    SlugManyToManyWidget,
    YesNoWidget,
)
from core.admin_numbers import german_amount
from core.content import unique_slug
from funding.models import Funding
from partners.models import Organisation
from projects.models import FieldOfAction, Project
from quartier import editors
from quartier.models import District


def status_label(project):
    status = project.status() if project.start else None
    return status.label if status else ""


def fundings_text(project):
    return "; ".join(f"{funding.programme}: {german_amount(funding.amount)}" for funding in project.fundings.all())


def funding_total(project):
    amounts = [funding.amount for funding in project.fundings.all()]
    return sum(amounts) if amounts else None


class ProjectResource(PortalResource):
    code = Field("code", "Projektnummer")
    title = Field("title", "Titel")
    slug = Field("slug", "URL-Name")
    field_of_action = Field("field_of_action", "Handlungsfeld", widget=SlugForeignKeyWidget(FieldOfAction))
    summary = Field("summary", "Kurzbeschreibung")
    start = Field("start", "Beginn", widget=GermanDateWidget())
    end = Field("end", "Ende", widget=GermanDateWidget())
    status = ComputedField(status_label, column_name="Status")
    total_cost = Field("total_cost", "Gesamtkosten (EUR)", widget=GermanDecimalWidget())
    further_funds = Field("further_funds", "Weitere Mittel")
    responsible_organisations = Field("responsible_organisations", "Träger", widget=SlugManyToManyWidget(Organisation))
    partners = Field("partners", "Partner", widget=SlugManyToManyWidget(Organisation))
    districts = Field("districts", "Quartiere", widget=SlugManyToManyWidget(District))
    fundings = ComputedField(fundings_text, column_name="Förderungen")
    funding_total = ComputedField(funding_total, column_name="Fördersumme (EUR)", widget=GermanDecimalWidget())
    published = Field("published", "Veröffentlicht", readonly=True, widget=YesNoWidget())
    archived = Field("archived", "Archiviert", readonly=True, widget=YesNoWidget())

    class Meta(PortalResource.Meta):
        model = Project
        fields = [
            "code",
            "title",
            "slug",
            "field_of_action",
            "summary",
            "start",
            "end",
            "status",
            "total_cost",
            "further_funds",
            "responsible_organisations",
            "partners",
            "districts",
            "fundings",
            "funding_total",
            "published",
            "archived",
        ]
        import_id_fields = ["slug"]

    def district_error(self, instance, row, user):
        """A district editor's rows keep one of their districts, as in the form
        (quartier/editors.py); None for everyone else."""
        if user is None or not editors.is_limited(user):
            return None
        before = set(instance.districts.values_list("pk", flat=True)) if instance.pk else set()
        column = self.fields["districts"].column_name
        try:
            after = {district.pk for district in self.fields["districts"].clean(row)} if column in row else before
        except ValueError:
            return None  # the unknown URL name is the row's error already
        return editors.district_change_error(user, before, after)

    def filter_export(self, queryset, **kwargs):
        # One query per relation for the whole file, not one per row.
        return queryset.select_related("field_of_action").prefetch_related(
            "responsible_organisations",
            "partners",
            "districts",
            Prefetch("fundings", queryset=Funding.objects.select_related("programme")),
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        message = self.district_error(instance, row, kwargs.get("user"))
        if message and "districts" not in errors:
            errors["districts"] = [message]
        if errors:
            raise ValidationError(errors)
        if not instance.slug and instance.title:
            # A new project without a URL name gets one from its title, as in the form.
            instance.slug = unique_slug(Project, instance.title)
