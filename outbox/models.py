"""Every e-mail of the portal is a row here first (``outbox.services.mail_enqueue``),
written in the transaction of the change it reports, and sent after the commit. A mail
that could not be sent stays queued and is retried by ``manage.py send_queued_mail``."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    from_email = models.CharField(_("sender"), max_length=320)
    to = models.JSONField(_("recipients"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    restricted = models.BooleanField(
        _("superusers only"),
        default=True,
        help_text=_(
            "The mail holds a confirmation link or data staff may not see yet (e.g. of an unconfirmed request)."
        ),
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        permissions = [("resend_outboxmail", _("Can resend outgoing e-mails"))]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
