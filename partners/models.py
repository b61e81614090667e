"""Partner organisations of the network, the people to contact, and the requests of
organisations that want to join the working group."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import PublishableModel, PublishableQuerySet
from core.history import HISTORY
from core.images import WebImageField


class OrganisationKind(models.TextChoices):
    STADTVERWALTUNG = "stadtverwaltung", _("city administration")
    WOHLFAHRTSVERBAND = "wohlfahrtsverband", _("welfare association")
    BILDUNGSTRAEGER = "bildungstraeger", _("education provider")
    BESCHAEFTIGUNG = "beschaeftigung", _("employment company")
    ARBEITSVERWALTUNG = "arbeitsverwaltung", _("job centre / employment agency")
    QUARTIERSMANAGEMENT = "quartiersmanagement", _("district management")
    STADTMARKETING = "stadtmarketing", _("city marketing")
    WOHNUNGSWIRTSCHAFT = "wohnungswirtschaft", _("housing company")
    VEREIN = "verein", _("association (Verein)")
    UNTERNEHMEN = "unternehmen", _("company")
    SONSTIGE = "sonstige", _("other")


class OrganisationQuerySet(PublishableQuerySet):
    def members(self):
        """Members of the network's working group."""
        return self.filter(is_member=True)


class Organisation(PublishableModel):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("E.g. AWO, VHS, DRK."))
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    # The partner page shows the logo 200 px wide: a 400 px rendition serves sharp
    # screens and spares visitors an upload of up to 10 MB.
    logo = WebImageField(
        _("logo"), upload_to="organisations/", blank=True, rendition_field="logo_rendition", rendition_width=400
    )
    logo_rendition = models.ImageField(_("web rendition"), upload_to="organisations/web/", blank=True, editable=False)
    logo_alt = models.CharField(_("alternative text of the logo"), max_length=200, blank=True)
    is_member = models.BooleanField(_("member of the working group"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("active in districts"), blank=True, related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["districts"], **HISTORY)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_member=True) | Q(member_since__isnull=True),
                name="organisation_member_since_only_for_members",
                violation_error_message=_("Only members of the working group have a membership date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:organisation_detail", kwargs={"slug": self.slug})

    def clean(self):
        # All at once: an editor should not fix one field, save, and meet the next error.
        errors = self.schedule_errors()
        if self.is_member and not self.member_since:
            errors["member_since"] = _("Please enter since when the organisation is a member.")
        if self.logo and not self.logo_alt:
            errors["logo_alt"] = _("A logo needs an alternative text.")
        if errors:
            raise ValidationError(errors)


class ContactPersonQuerySet(models.QuerySet):
    def published(self):
        """Only people who agreed to be named on the portal."""
        return self.filter(publication_consent=True)


class ContactPerson(models.Model):
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True, help_text=_("E.g. district manager."))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    unit = models.CharField(
        _("unit / department"), max_length=250, blank=True, help_text=_("E.g. Dez. 1 / Stabsstelle Arbeit.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("districts"), blank=True, related_name="contacts"
    )
    publication_consent = models.BooleanField(
        _("consents to publication"),
        default=False,
        help_text=_("Only people who agreed in writing are shown on the public pages."),
    )
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["districts"], **HISTORY)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name


def new_token():
    return secrets.token_urlsafe(32)


class MembershipRequestQuerySet(models.QuerySet):
    def confirmed(self):
        """Confirmed by e-mail and waiting for a decision: the review queue."""
        return self.filter(status=MembershipRequest.Status.CONFIRMED)

    def seen_by_staff(self):
        """Confirmed at some point (waiting, approved or rejected): what the back office
        shows. A request that was never confirmed does not reach staff."""
        return self.exclude(status=MembershipRequest.Status.SUBMITTED)

    def pending(self):
        """Not yet decided and not expired: submitted within the confirmation window, or confirmed."""
        return self.filter(
            Q(status=MembershipRequest.Status.CONFIRMED)
            | Q(status=MembershipRequest.Status.SUBMITTED, created_at__gte=MembershipRequest.expiry_cutoff())
        )

    def expired(self):
        """Submitted but not confirmed in time."""
        return self.filter(status=MembershipRequest.Status.SUBMITTED, created_at__lt=MembershipRequest.expiry_cutoff())

    def decided(self):
        return self.filter(status__in=[MembershipRequest.Status.APPROVED, MembershipRequest.Status.REJECTED])


class MembershipRequest(models.Model):
    """A request to join the working group: submitted -> confirmed (double opt-in) ->
    approved or rejected. Every change goes through ``partners.membership.services``."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, e-mail not yet confirmed")
        CONFIRMED = "confirmed", _("confirmed, waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(_("kind of organisation"), max_length=24, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=5)
    city = models.CharField(_("city"), max_length=80)
    districts = models.ManyToManyField(
        "quartier.District", verbose_name=_("districts"), blank=True, related_name="membership_requests"
    )
    offer = models.TextField(_("what the organisation offers the network"))
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent = models.BooleanField(_("consent to data processing"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    token = models.CharField(_("confirmation token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept when the staff account is deleted (decided_by becomes empty): who decided stays on record.
    decided_by_name = models.CharField(_("decided by (user name)"), max_length=150, blank=True, default="")
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_requests",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = MembershipRequestQuerySet.as_manager()
    history = HistoricalRecords(**HISTORY)

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["-created_at"]
        permissions = [("review_membershiprequest", _("Can approve or reject membership requests"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | Q(decided_at__isnull=False),
                name="membershiprequest_decision_has_date",
            ),
            # The reason is e-mailed with the rejection and kept until the purge
            # anonymises the request (README.md, "Data protection").
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason="") | Q(anonymised_at__isnull=False),
                name="membershiprequest_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # The decider's name as text, so deleting the staff account keeps who decided.
        if self.decided_by_id and not self.decided_by_name:
            self.decided_by_name = self.decided_by.get_username()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "decided_by" in update_fields:
                kwargs["update_fields"] = {*update_fields, "decided_by_name"}
        super().save(*args, **kwargs)

    @staticmethod
    def expiry_cutoff():
        return timezone.now() - timedelta(hours=settings.MEMBERSHIP_CONFIRM_HOURS)

    @property
    def is_expired(self):
        return self.status == self.Status.SUBMITTED and self.created_at < self.expiry_cutoff()
