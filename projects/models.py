"""Funded projects, laid out like a city's project fact sheet (Projektsteckbrief)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import (
    DateWindow,
    DateWindowQuerySet,
    PublishableModel,
    PublishableQuerySet,
    date_window_status,
    ends_after_start,
)
from core.history import HISTORY
from core.images import WebImageField
from quartier.models import District


class FieldOfAction(models.Model):
    """A field of action (Handlungsfeld) of an action concept or programme, e.g.
    'V Öffentlichkeitsarbeit' of an ISEK or BIWAQ's 'Arbeit'."""

    code = models.CharField(_("code"), max_length=10, blank=True, help_text=_("E.g. V for field V."))
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["code", "name"]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name


class TargetGroup(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


# A project's status is where today lies in its runtime (start to end): derived, never stored.
Status = DateWindow


class ProjectQuerySet(PublishableQuerySet, DateWindowQuerySet):
    """planned()/running()/completed()/with_status()/annotate_status() over the runtime."""

    window_fields = ("start", "end")

    def for_cards(self):
        """What ``includes/project_card.html`` reads: the field of action (joined) and the
        published districts (one prefetch query)."""
        return self.select_related("field_of_action").prefetch_related(
            Prefetch("districts", queryset=District.objects.published().only("id", "name", "slug"))
        )


class Project(PublishableModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    code = models.CharField(
        _("project number"), max_length=20, blank=True, help_text=_("Number in the action concept, e.g. HS V 1.")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    summary = models.CharField(_("short description"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    impact_goals = models.TextField(_("impact goals"), blank=True, help_text=_("One goal per line."))
    result_goals = models.TextField(_("result goals"), blank=True, help_text=_("One goal per line."))
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task per line."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Leave empty for a permanent project."))
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Shown with a notice that the page is no longer kept up.")
    )
    archive_note = models.CharField(_("archive note"), max_length=300, blank=True)
    total_cost = models.DecimalField(
        _("total cost (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    further_funds = models.CharField(
        _("further funds"), max_length=250, blank=True, help_text=_("Own or third-party funds, or 'none'.")
    )
    staffing = models.CharField(_("staffing"), max_length=200, blank=True, help_text=_("E.g. about 30 hours a week."))
    responsible_organisations = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("responsible bodies"), blank=True, related_name="responsible_for"
    )
    partners = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("partners"), blank=True, related_name="partner_in"
    )
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("districts"), blank=True, related_name="projects"
    )
    contacts = models.ManyToManyField(
        "partners.ContactPerson", verbose_name=_("contact persons"), blank=True, related_name="projects"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="projects"
    )
    related_projects = models.ManyToManyField("self", verbose_name=_("related projects"), blank=True, symmetrical=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[
            "responsible_organisations",
            "partners",
            "districts",
            "contacts",
            "target_groups",
            "related_projects",
        ],
        **HISTORY,
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start", "title"]
        indexes = [
            # The order of the public project list (ProjectListView) over the published
            # rows: a deep page (?seite=800) is a walk along this index, not a sort of them all.
            models.Index(
                fields=["archived", "-start", "title", "id"], name="project_list_order", condition=Q(published=True)
            ),
        ]
        constraints = [
            ends_after_start(
                "start",
                "end",
                name="project_end_after_start",
                message=_("The project cannot end before it starts."),
                start_required=True,
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__gte=0),
                name="project_total_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    def status(self, today=None):
        return date_window_status(self.start, self.end, today=today)

    @property
    def status_label(self):
        return self.status().label

    @staticmethod
    def _lines(text):
        return [line.strip().lstrip("-•* ").strip() for line in text.splitlines() if line.strip()]

    def impact_goal_list(self):
        return self._lines(self.impact_goals)

    def result_goal_list(self):
        return self._lines(self.result_goals)

    def task_list(self):
        return self._lines(self.tasks)


class ProjectImage(models.Model):
    # Deleted with their project; restoring the project brings them back (their files wait
    # in the media trash, core/media_files.py).
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="images")
    image = WebImageField(
        _("image"),
        upload_to="projects/",
        rendition_field="rendition",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels. Location data and EXIF are removed."),
    )
    rendition = models.ImageField(_("web rendition"), upload_to="projects/web/", blank=True, editable=False)
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        _("alternative text"), max_length=250, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=200, help_text=_("E.g. Photo: Jana Beispiel."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("project image")
        verbose_name_plural = _("project images")
        ordering = ["position", "id"]

    def __str__(self):
        return self.alt_text

    @property
    def web_url(self):
        return (self.rendition or self.image).url
