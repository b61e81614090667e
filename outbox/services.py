"""The outbox: every e-mail of the portal goes through here.

``mail_enqueue`` writes the mail as a row in the current transaction (so a rolled-back
change leaves no mail, and a committed one never loses its mail) and sends it once the
transaction has committed, with ``EMAIL_TIMEOUT``: a hanging mail server delays the
request by that much, never more. A mail that fails stays queued with its error;
``outbox_send_pending`` (``manage.py send_queued_mail``, from cron) retries it with a
growing pause and gives up after ``MAX_ATTEMPTS``; staff can send it again from the
back office (``mail_resend``).

Sending claims the row first (one ``UPDATE ... WHERE status = 'queued'``), so the send
after the commit, the cron run and a resend never deliver the same mail twice.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboxMail

logger = logging.getLogger(__name__)

Status = OutboxMail.Status

MAX_ATTEMPTS = 8
# Pause after the n-th failed attempt: 5, 10, 20, ... minutes, at most 6 hours; with
# MAX_ATTEMPTS = 8 a mail is tried for about ten hours.
FIRST_PAUSE = timedelta(minutes=5)
LONGEST_PAUSE = timedelta(hours=6)
# Sent and given-up mails are deleted this many days after they were queued (the
# Datenschutz page says so; ``send_queued_mail --keep-days`` overrides it).
MAIL_KEEP_DAYS = 30
# A mail claimed this long ago whose sender never reported back (the process was killed
# mid-send) is queued again. Longer than any SMTP timeout.
STALE_CLAIM = timedelta(minutes=15)
MAX_ERROR_LENGTH = 2000

_collectors = threading.local()


def mail_enqueue(*, subject, body, to, reply_to=(), from_email=None, restricted=True):
    """Queue a mail in the current transaction and send it after the commit.

    ``restricted``: only superusers see it in the back office (the default); pass False
    for mails whose content staff of the "Prüfung" group may read, e.g. a decision.
    """
    mail = OutboxMail.objects.create(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
        restricted=restricted,
    )
    for collected in getattr(_collectors, "stack", ()):
        collected.append(mail)
    transaction.on_commit(lambda: mail_send(mail=mail), robust=True)
    return mail


@contextmanager
def mails_enqueued():
    """``with mails_enqueued() as mails: ...``: the mails queued inside the block, e.g.
    to tell staff whether the mail of their decision went out."""
    stack = _collectors.__dict__.setdefault("stack", [])
    collected = []
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.remove(collected)


def _pause(attempts):
    return min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE)


def _claim(mail, *, now, first_attempt_only=False):
    due = OutboxMail.objects.filter(pk=mail.pk, status=Status.QUEUED, next_attempt_at__lte=now)
    if first_attempt_only:
        due = due.filter(attempts=0)
    return due.update(status=Status.SENDING, claimed_at=now) == 1


def mail_send(*, mail, now=None, first_attempt_only=False):
    """Send one queued mail now if it is due (at ``now``); returns the mail with its new
    state. A mail another process has claimed or already sent is left alone."""
    now = now or timezone.now()
    if not _claim(mail, now=now, first_attempt_only=first_attempt_only):
        mail.refresh_from_db()
        return mail
    mail.refresh_from_db()
    try:
        EmailMessage(mail.subject, mail.body, mail.from_email, mail.to, reply_to=mail.reply_to).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server keeps the mail queued
        attempts = mail.attempts + 1
        gave_up = attempts >= MAX_ATTEMPTS
        # A warning, not an error: an error would be mailed to the admins, through the same server.
        logger.warning("E-mail %s not sent (attempt %s): %s", mail.pk, attempts, error)
        OutboxMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
            status=Status.FAILED if gave_up else Status.QUEUED,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH],
            next_attempt_at=now + _pause(attempts),
            claimed_at=None,
        )
    else:
        OutboxMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
            status=Status.SENT, attempts=mail.attempts + 1, sent_at=timezone.now(), claimed_at=None
        )
    mail.refresh_from_db()
    return mail


def mails_deliver(mails):
    """Send those of ``mails`` that have not been tried yet (normally the send after the
    commit has done so already) and return them with their state. Call it only after the
    transaction that queued them has committed."""
    return [mail_send(mail=mail, first_attempt_only=True) for mail in mails]


@dataclass(frozen=True)
class SendResult:
    sent: int
    retry: int
    failed: int


def outbox_send_pending(*, now=None, limit=100):
    """Send the queued mails that are due (at most ``limit``), oldest first. Mails left
    in "sending" by a killed process are queued again first."""
    now = now or timezone.now()
    OutboxMail.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.QUEUED, claimed_at=None
    )
    due = OutboxMail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")
    counts = {Status.SENT: 0, Status.QUEUED: 0, Status.FAILED: 0}
    for mail in due[:limit]:
        state = mail_send(mail=mail, now=now).status
        if state in counts:
            counts[state] += 1
    return SendResult(sent=counts[Status.SENT], retry=counts[Status.QUEUED], failed=counts[Status.FAILED])


def mail_resend(*, mails):
    """Staff's "send again": queue the mails anew (with a fresh count of attempts) and
    send them at once. Returns the mails with their state."""
    now = timezone.now()
    ids = [mail.pk for mail in mails]
    OutboxMail.objects.filter(pk__in=ids).exclude(status=Status.SENDING).update(
        status=Status.QUEUED, attempts=0, next_attempt_at=now, claimed_at=None
    )
    return [mail_send(mail=mail) for mail in OutboxMail.objects.filter(pk__in=ids).order_by("pk")]


def outbox_purge(*, days, now=None):
    """Data protection: delete sent and given-up mails older than ``days``; they hold
    names and addresses. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = OutboxMail.objects.filter(status__in=[Status.SENT, Status.FAILED], created_at__lt=cutoff).delete()
    return deleted
