"""The district app: districts (Quartiere), their offices (Anlaufstellen) and the
site pages staff edit (Impressum, Datenschutz, Barrierefreiheit)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import (
    DateWindowQuerySet,
    PublishableModel,
    PublishableQuerySet,
    date_window_status,
    ends_after_start,
)
from core.history import HISTORY
from core.images import WebImageField
from quartier.geo import BoundaryField, validate_boundary


class ProgrammeStatus(models.TextChoices):
    """Derived from dates, never stored: see ``District.programme_status``. The rule is
    ``core.content.date_window_status``; the words are the district's own."""

    NONE = "none", _("no funding programme")
    PLANNED = "planned", _("in preparation")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")


class DistrictQuerySet(PublishableQuerySet, DateWindowQuerySet):
    """planned()/running()/completed()/annotate_status() over the funding programme's
    window; a district without a programme start is in none of them."""

    window_fields = ("programme_start", "programme_end")


class District(PublishableModel):
    class Kind(models.TextChoices):
        STADTTEIL = "stadtteil", _("district (Stadtteil)")
        STADTQUARTIER = "stadtquartier", _("neighbourhood (Stadtquartier)")
        SOZIALRAUM = "sozialraum", _("social area (Sozialraum)")
        SANIERUNGSGEBIET = "sanierungsgebiet", _("redevelopment area (Sanierungsgebiet)")
        PROGRAMMGEBIET = "programmgebiet", _("programme area (Sozialer Zusammenhalt)")
        INNENSTADT = "innenstadt", _("city centre (Innenstadt)")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("teaser"), max_length=300, help_text=_("One or two sentences for the overview."))
    description = models.TextField(_("description"), blank=True)
    image = WebImageField(_("image"), upload_to="districts/", blank=True, rendition_field="image_rendition")
    image_rendition = models.ImageField(_("web rendition"), upload_to="districts/web/", blank=True, editable=False)
    image_alt = models.CharField(_("alternative text"), max_length=250, blank=True)
    image_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    boundary = BoundaryField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_boundary],
        help_text=_(
            "GeoJSON in longitude/latitude (WGS 84): a Polygon or MultiPolygon, or a Feature or "
            "FeatureCollection holding them, which is stored as its areas."
        ),
    )
    programme_name = models.CharField(
        _("programme"),
        max_length=200,
        blank=True,
        help_text=_(
            "The funding programme(s) the district belongs to, e.g. “Städtebauförderung – Sozialer Zusammenhalt”. "
            "Named on the district's page with its status and runtime."
        ),
    )
    programme_start = models.DateField(_("programme start"), null=True, blank=True)
    programme_end = models.DateField(_("programme end"), null=True, blank=True)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("The page stays online as an archive and is no longer kept up.")
    )
    archive_note = models.CharField(_("archive note"), max_length=300, blank=True)

    objects = DistrictQuerySet.as_manager()
    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "programme_start",
                "programme_end",
                name="district_programme_end_after_start",
                message=_("The programme cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:district_detail", kwargs={"slug": self.slug})

    def clean(self):
        # All at once: an editor should not fix one field, save, and meet the next error.
        errors = self.schedule_errors()
        if self.image and not self.image_alt:
            errors["image_alt"] = _("An image needs an alternative text.")
        if self.image and not self.image_credit:
            errors["image_credit"] = _("An image needs a photo credit.")
        if (self.programme_start or self.programme_end) and not self.programme_name.strip():
            # The page would say "funding programme: running" without naming one.
            errors["programme_name"] = _("Please name the funding programme these dates belong to.")
        if errors:
            raise ValidationError(errors)

    def programme_status(self, today=None):
        status = date_window_status(self.programme_start, self.programme_end, today=today)
        return ProgrammeStatus(status) if status else ProgrammeStatus.NONE


class OfficeQuerySet(PublishableQuerySet):
    def for_pages(self, user):
        """The offices ``user`` may see, in districts ``user`` may see, with their district and
        their published contact persons: what every public list of offices shows."""
        contacts = self.model._meta.get_field("contacts").related_model  # partners.ContactPerson
        return (
            self.visible_to(user)
            .filter(district__in=District.objects.visible_to(user))
            .select_related("district")
            .prefetch_related(Prefetch("contacts", queryset=contacts.objects.published()))
        )


class Office(PublishableModel):
    """An Anlaufstelle: Quartiersbüro, Innenstadt-Büro, a counselling office, a family
    centre where consultation hours are held."""

    class Kind(models.TextChoices):
        QUARTIERSBUERO = "quartiersbuero", _("district office (Quartiersbüro)")
        INNENSTADTBUERO = "innenstadtbuero", _("city centre office (Innenstadt-Büro)")
        BERATUNG = "beratung", _("counselling office")
        FAMILIENZENTRUM = "familienzentrum", _("family centre")
        ANLAUFSTELLE = "anlaufstelle", _("other point of contact")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUARTIERSBUERO)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="offices")
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=5)
    city = models.CharField(_("city"), max_length=80)
    opening_hours = models.TextField(_("opening hours"), blank=True, help_text=_("One line per day or rule."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility = models.CharField(
        _("accessibility"), max_length=250, blank=True, help_text=_("E.g. step-free entrance, accessible toilet.")
    )
    contacts = models.ManyToManyField(
        "partners.ContactPerson", verbose_name=_("contact persons"), blank=True, related_name="offices"
    )

    history = HistoricalRecords(m2m_fields=["contacts"], **HISTORY)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["district__name", "name"]

    def __str__(self):
        return self.name

    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class SitePage(models.Model):
    """The legal and service pages every public body's site carries, edited by staff."""

    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Legal notice (Impressum)")
        DATENSCHUTZ = "datenschutz", _("Privacy (Datenschutz)")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Accessibility statement (Barrierefreiheit)")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Slug.choices)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(
        _("text"), help_text=_("Plain text. A blank line starts a new paragraph; a line starting with ## a heading.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title


class DistrictEditor(models.Model):
    """A staff account that edits the entries of one district (a district office's staff):
    with the group "Quartiersredaktion" they see and change the projects, offices, contact
    persons, posts and events of their districts only (``quartier/editors.py``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        related_name="edited_districts",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="district_editors"
    )

    class Meta:
        verbose_name = _("edited district")
        verbose_name_plural = _("edited districts")
        ordering = ["district__name"]
        constraints = [models.UniqueConstraint(fields=["user", "district"], name="unique_district_editor")]

    def __str__(self):
        return str(self.district)
