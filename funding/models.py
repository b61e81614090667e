"""Who funds (EU, Bund, Land, Stadt), through which programme, and how much flows into
each project."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import (
    DateWindowQuerySet,
    PublishableModel,
    PublishableQuerySet,
    date_window_status,
    ends_after_start,
    published_q,
)
from core.history import HISTORY


class Funder(models.Model):
    class Level(models.TextChoices):
        EU = "eu", _("European Union")
        BUND = "bund", _("Federal government")
        LAND = "land", _("Federal state")
        STADT = "stadt", _("City")
        SONSTIGE = "sonstige", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    website = models.URLField(_("website"), blank=True)
    emblem_note = models.CharField(
        _("publicity note"),
        max_length=300,
        blank=True,
        help_text=_("What funded projects must show, e.g. the EU emblem with 'Co-funded by the European Union'."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["level", "name"]

    def __str__(self):
        return self.short_name or self.name


class FundingProgrammeQuerySet(PublishableQuerySet, DateWindowQuerySet):
    """planned()/running()/completed()/annotate_status() over the funding period."""

    window_fields = ("period_start", "period_end")


class FundingProgramme(PublishableModel):
    class Kind(models.TextChoices):
        BIWAQ = "biwaq", _("BIWAQ (education, economy, work in the district)")
        STAEDTEBAU = "staedtebau", _("urban development funding (Städtebauförderung)")
        RESIDENTS_FUND = "residents_fund", _("residents' fund (Bewohnerfonds / Verfügungsfonds)")
        OTHER = "other", _("other programme")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, help_text=_("E.g. BIWAQ V."))
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    funders = models.ManyToManyField(Funder, verbose_name=_("funders"), related_name="programmes")
    summary = models.CharField(_("teaser"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("funding period from"), null=True, blank=True)
    period_end = models.DateField(_("funding period until"), null=True, blank=True)
    guideline_reference = models.CharField(
        _("funding guideline"), max_length=200, blank=True, help_text=_("E.g. FRL Nr. 18.")
    )
    website = models.URLField(_("website"), blank=True)

    objects = FundingProgrammeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["funders"], **HISTORY)

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "period_start",
                "period_end",
                name="fundingprogramme_period_end_after_start",
                message=_("The funding period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("funding:programme_detail", kwargs={"slug": self.slug})

    def status(self, today=None):
        """Where today lies in the funding period; None without a start."""
        return date_window_status(self.period_start, self.period_end, today=today)


class FundingQuerySet(models.QuerySet):
    """A funding has no visibility of its own: it is public when its programme and its
    project are. Public views take the half they do not already hold published."""

    def in_published_programmes(self):
        return self.filter(published_q("programme"))

    def of_published_projects(self):
        return self.filter(published_q("project"))

    def published(self):
        return self.in_published_programmes().of_published_projects()

    def totals_per_programme(self):
        """The amounts summed per programme in SQL, largest first: rows with the
        programme's ``programme__name``, ``programme__short_name``, ``programme__slug``
        and the ``total``."""
        return (
            self.values("programme__name", "programme__short_name", "programme__slug")
            .annotate(total=Sum("amount"))
            .order_by("-total", "programme__name")
        )


class Funding(models.Model):
    """One programme's money for one project."""

    # PROTECT: money records never disappear with a project; the admin lists them instead.
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="fundings"
    )
    programme = models.ForeignKey(
        FundingProgramme, verbose_name=_("funding programme"), on_delete=models.PROTECT, related_name="fundings"
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    share = models.DecimalField(
        _("funding rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the eligible costs this programme pays, in per cent."),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        ordering = ["programme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "programme"],
                name="funding_unique_project_programme",
                violation_error_message=_("This project already has a funding from this programme."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gte=0) & Q(share__lte=100)),
                name="funding_share_between_0_and_100",
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {self.project}"
