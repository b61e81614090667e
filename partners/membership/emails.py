"""The e-mails of the membership workflow: German plain text (English msgids), the
portal's name, absolute links from SITE_URL. Called by ``partners.membership.services`` inside the
transaction of the state change, with the request's id: each mail is queued in the
outbox (``outbox.services.mail_enqueue``) in that transaction and sent after the commit.

A mail that cannot be sent stays queued and is retried (``manage.py send_queued_mail``),
never turned into an error page; staff see its state in the back office.
"""

import logging
import re
import unicodedata
from math import ceil

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outbox.services import mail_enqueue
from partners.models import MembershipRequest

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def one_line(text: object) -> str:
    """Header-safe: no line breaks or other whitespace runs from user input in a subject."""
    return " ".join(str(text).split())[:120]


# What mail clients turn into links in plain text: a scheme before "//" ("https://"), a
# scheme without it ("mailto:"), and host names ("www.example.org", "example.org",
# "x@example.org", "10.0.0.1"). A dot followed by at most one letter ("e.V.", "z.B.")
# is no host name and stays.
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//|\\\\)")
_BARE_SCHEME = re.compile(r"(?i)\b(mailto|tel|sms|callto|xmpp|sip|sips|skype|news|file|data|javascript):")
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _unlink_host(match):
    host = match.group(0)
    labels = host.split(".")
    if sum(ch.isalpha() for ch in labels[-1]) >= 2 or all(label.isdigit() for label in labels):
        return host.replace(".", "[.]")
    return host


def unlinked(text: object) -> str:
    """A name written by whoever sent the form, fit for a plain-text mail: web and mail
    addresses in it are written so that no mail client makes a link of them
    ("https[:]//evil[.]example"). Full-width dots and the like count as dots (NFKC)."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SCHEME.sub(r"\1[:]", text)
    text = _BARE_SCHEME.sub(r"\1[:]", text)
    return _HOST.sub(_unlink_host, text)


def _render(*, subject, template, context):
    """The subject line and body of a mail, in the portal's language."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject_line = f"[{settings.SITE_NAME}] {subject()}"
    return subject_line, body


def _send(*, subject, template, context, to, reply_to=(), restricted=True):
    """Queue the mail in the caller's transaction. ``restricted=False``: the group
    "Prüfung" may read it in the back office (see ``OutboxMail.restricted``)."""
    subject_line, body = _render(subject=subject, template=template, context=context)
    mail_enqueue(subject=subject_line, body=body, to=to, reply_to=reply_to, restricted=restricted)
    return True


def _names(request):
    """The names the requester wrote, for mails that carry them (never links)."""
    return {"organisation_name": unlinked(request.organisation_name), "contact_name": unlinked(request.contact_name)}


def send_request_known(*, address: str, own_request: bool) -> bool:
    """To the address given in a form whose request is not saved: its own request is
    already confirmed (``own_request``), or the organisation is already a member or has
    a pending request. Not one word the form's sender wrote is in it: anyone may type
    any address."""
    return _send(
        subject=lambda: _("Your membership request"),
        template="partners/emails/membership_known.txt",
        context={"own_request": own_request},
        to=[address],
        reply_to=settings.MEMBERSHIP_NOTIFY_EMAILS,
    )


def send_confirmation_link(*, request_id: int) -> bool:
    request = MembershipRequest.objects.filter(pk=request_id).first()
    if request is None:
        return False
    return _send(
        subject=lambda: _("Please confirm your membership request"),
        template="partners/emails/membership_confirm.txt",
        context={
            # No name from the form: anyone may type any address (membership_confirm.txt).
            "confirm_url": absolute(reverse("membership:confirm", kwargs={"token": request.token})),
            "hours": settings.MEMBERSHIP_CONFIRM_HOURS,
            # What the purge does with an unconfirmed request (README.md, "Data protection").
            "days": max(settings.MEMBERSHIP_RETENTION_DAYS, ceil(settings.MEMBERSHIP_CONFIRM_HOURS / 24)),
        },
        to=[request.contact_email],
    )


def notify_staff(*, request_id: int) -> bool:
    request = MembershipRequest.objects.filter(pk=request_id).first()
    if request is None or not settings.MEMBERSHIP_NOTIFY_EMAILS:
        return False
    return _send(
        subject=lambda: _("New membership request: %(name)s") % {"name": one_line(unlinked(request.organisation_name))},
        template="partners/emails/membership_staff_notify.txt",
        context={
            "request": request,
            **_names(request),
            "admin_url": absolute(reverse("admin:partners_membershiprequest_change", args=[request.pk])),
        },
        to=settings.MEMBERSHIP_NOTIFY_EMAILS,
        restricted=False,
    )


def _decision(request):
    approved = request.status == MembershipRequest.Status.APPROVED
    return {
        "subject": (lambda: _("Your membership request has been approved"))
        if approved
        else (lambda: _("Your membership request")),
        "template": "partners/emails/membership_approved.txt"
        if approved
        else "partners/emails/membership_rejected.txt",
        "context": {"request": request, **_names(request)},
    }


def decision_preview(*, request: MembershipRequest) -> dict:
    """The decision mail exactly as ``send_decision`` would write it for ``request`` in
    its (possibly unsaved) state: status approved or rejected, the personal note or the
    reason in ``decision_reason``. For the reviewer to read before deciding."""
    subject, body = _render(**_decision(request))
    return {"to": request.contact_email, "subject": subject, "body": body}


def send_decision(*, request_id: int) -> bool:
    request = MembershipRequest.objects.select_related("organisation").filter(pk=request_id).first()
    if request is None:
        return False
    return _send(
        **_decision(request),
        to=[request.contact_email],
        reply_to=settings.MEMBERSHIP_NOTIFY_EMAILS,
        restricted=False,
    )
