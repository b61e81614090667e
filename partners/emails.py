"""The e-mails of the membership workflow: German plain text (English msgids), the
portal's name, absolute links from SITE_URL. Called by ``partners.services`` inside the
transaction of the state change, with the request's id: each mail is queued in the
outbox (``outbox.services.mail_enqueue``) in that transaction and sent after the commit.

A mail that cannot be sent stays queued and is retried (``manage.py send_queued_mail``),
never turned into an error page; staff see its state in the back office.
"""

import logging
from math import ceil

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outbox.services import mail_enqueue
from partners.models import MembershipRequest

logger = logging.getLogger(__name__)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def one_line(text):
    """Header-safe: no line breaks or other whitespace runs from user input in a subject."""
    return " ".join(str(text).split())[:120]


def _send(*, subject, template, context, to, reply_to=(), restricted=True):
    """Queue the mail in the caller's transaction. ``restricted=False``: the group
    "Prüfung" may read it in the back office (see ``OutboxMail.restricted``)."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject_line = f"[{settings.SITE_NAME}] {subject()}"
    mail_enqueue(subject=subject_line, body=body, to=to, reply_to=reply_to, restricted=restricted)
    return True


def send_confirmation_link(request_id):
    request = MembershipRequest.objects.filter(pk=request_id).first()
    if request is None:
        return False
    return _send(
        subject=lambda: _("Please confirm your membership request"),
        template="partners/emails/membership_confirm.txt",
        context={
            "request": request,
            "confirm_url": absolute(reverse("membership:confirm", kwargs={"token": request.token})),
            "hours": settings.MEMBERSHIP_CONFIRM_HOURS,
            # What the purge does with an unconfirmed request (README.md, "Data protection").
            "days": max(settings.MEMBERSHIP_RETENTION_DAYS, ceil(settings.MEMBERSHIP_CONFIRM_HOURS / 24)),
        },
        to=[request.contact_email],
    )


def notify_staff(request_id):
    request = MembershipRequest.objects.filter(pk=request_id).first()
    if request is None or not settings.MEMBERSHIP_NOTIFY_EMAILS:
        return False
    return _send(
        subject=lambda: _("New membership request: %(name)s") % {"name": one_line(request.organisation_name)},
        template="partners/emails/membership_staff_notify.txt",
        context={
            "request": request,
            "admin_url": absolute(reverse("admin:partners_membershiprequest_change", args=[request.pk])),
        },
        to=settings.MEMBERSHIP_NOTIFY_EMAILS,
        restricted=False,
    )


def send_decision(request_id):
    request = MembershipRequest.objects.select_related("organisation").filter(pk=request_id).first()
    if request is None:
        return False
    approved = request.status == MembershipRequest.Status.APPROVED
    return _send(
        subject=(lambda: _("Your membership request has been approved"))
        if approved
        else (lambda: _("Your membership request")),
        template="partners/emails/membership_approved.txt" if approved else "partners/emails/membership_rejected.txt",
        context={"request": request},
        to=[request.contact_email],
        reply_to=settings.MEMBERSHIP_NOTIFY_EMAILS,
        restricted=False,
    )
