"""Every state change of a membership request, each in one transaction.

submitted --confirm--> confirmed --approve--> approved
                                 --reject---> rejected
submitted (not confirmed in time) -> expired (a query, not a status)

The row is locked (``select_for_update``) and its state checked inside the
transaction, so two concurrent confirmations or decisions cannot both succeed.
E-mails are queued in the same transaction (``outbox``) and go out only after the commit.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.content import unique_slug
from partners.membership import emails, spam
from partners.membership.locks import serialised
from partners.models import ContactPerson, MembershipRequest, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = MembershipRequest.Status


class MembershipRequestError(Exception):
    """A refused state change; ``message`` is fit to show."""

    message = _("This request cannot be changed.")

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class UnknownToken(MembershipRequestError):
    message = _("This confirmation link is not valid.")


class ExpiredToken(MembershipRequestError):
    message = _("This confirmation link has expired.")


class AlreadyConfirmed(MembershipRequestError):
    message = _("This request has already been confirmed.")


class NotReviewable(MembershipRequestError):
    message = _("This request has already been decided or is not confirmed yet; nothing was changed.")


class ReasonRequired(MembershipRequestError):
    message = _("Please give a reason for the rejection; it is sent to the requester.")


def normalise_name(name: str) -> str:
    """``"  AWO   Kreisverband " -> "awo kreisverband"``: case and spacing do not count."""
    return " ".join(str(name).split()).casefold()


@dataclass(frozen=True)
class SubmitResult:
    outcome: str  # "created", "member", "pending" or "not_saved"
    request: MembershipRequest | None = None
    mailed: bool = False

    CREATED = "created"
    MEMBER = "member"
    PENDING = "pending"
    # A new request, but a mail went to its address within the confirmation window: no
    # link could be sent, so nothing is saved (it could never be confirmed).
    NOT_SAVED = "not_saved"


def _is_member(name: str) -> bool:
    key = normalise_name(name)
    return any(normalise_name(other) == key for other in Organisation.objects.members().values_list("name", flat=True))


def _pending_duplicate(name: str, email: str) -> MembershipRequest | None:
    """The pending request with this e-mail address, else one for this organisation."""
    key, email = normalise_name(name), email.strip().casefold()
    same_name = None
    for other in MembershipRequest.objects.pending().only("organisation_name", "contact_email", "status", "token"):
        if other.contact_email.casefold() == email:
            return other
        if same_name is None and normalise_name(other.organisation_name) == key:
            same_name = other
    return same_name


def membership_request_submit(*, data: Mapping[str, Any]) -> SubmitResult:
    """Save a new request (status submitted) and send the confirmation link.

    ``data``: the cleaned form data (model field names; ``districts`` an iterable of
    districts). An organisation that is already a member, or that has a pending
    request (same name or same contact e-mail), gets no second request; the address
    given gets a mail saying so instead (or, if the pending request is its own and not
    yet confirmed, that request's link again). Nothing else learns which case it was:
    the form's answer page is the same for all.

    At most one mail per address within the confirmation window
    (``spam.take_mail_slot``), whatever is sent: duplicates sent many times, or in
    parallel, mail the address once.

    Two submissions for the same organisation (or with the same e-mail address) sent at
    the same moment would both find no duplicate and both be saved. So the check and the
    insert run under a lock on the normalised name and one on the address, taken in that
    order by every submission (no deadlock): on PostgreSQL transaction-level advisory
    locks, on SQLite, whose writes are serialised anyway, a lock in the process
    (``partners.membership.locks``).
    """
    name_key = normalise_name(data["organisation_name"])
    email_key = data["contact_email"].strip().casefold()
    with serialised("membership-name", name_key), serialised("membership-email", email_key):
        # Pending first, then members: an approval that commits in between turns a pending
        # request into a member, and this order sees it as one or the other, never neither.
        duplicate = _pending_duplicate(data["organisation_name"], data["contact_email"])
        member = duplicate is None and _is_member(data["organisation_name"])
        may_mail = spam.take_mail_slot(email_key)
        if duplicate is None and not member:
            if not may_mail:
                return SubmitResult(SubmitResult.NOT_SAVED)
            fields = {key: value for key, value in data.items() if key != "districts"}
            request = MembershipRequest.objects.create(**fields, status=Status.SUBMITTED)
            request.districts.set(data.get("districts") or [])
            emails.send_confirmation_link(request_id=request.pk)
            return SubmitResult(SubmitResult.CREATED, request, mailed=True)
        own = duplicate is not None and duplicate.contact_email.strip().casefold() == email_key
        if may_mail:
            if own and duplicate.status == Status.SUBMITTED:
                # The first link may have got lost: the same link again, to its address.
                emails.send_confirmation_link(request_id=duplicate.pk)
            else:
                # Only to the address given: never to another request's address.
                emails.send_request_known(address=data["contact_email"], own_request=own)
        return SubmitResult(SubmitResult.MEMBER if member else SubmitResult.PENDING, duplicate, mailed=may_mail)


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def membership_request_by_token(*, token: object, lock: bool = False) -> MembershipRequest | None:
    """The request of a confirmation link, or None. Anything that cannot be a token
    (too long, other characters, a NUL byte that PostgreSQL refuses) is not looked up."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return None
    queryset = MembershipRequest.objects.select_for_update() if lock else MembershipRequest.objects
    return queryset.filter(token=token).first()


def membership_request_confirm(*, token: object) -> MembershipRequest:
    """Double opt-in: the requester's link turns a submitted request into a confirmed
    one, which staff then see in their queue and hear of by e-mail."""
    with transaction.atomic():
        request = membership_request_by_token(token=token, lock=True)
        if request is None:
            raise UnknownToken
        if request.status != Status.SUBMITTED:
            raise AlreadyConfirmed
        if request.is_expired:
            raise ExpiredToken
        request.status = Status.CONFIRMED
        request.confirmed_at = timezone.now()
        request.save(update_fields=["status", "confirmed_at"])
        emails.notify_staff(request_id=request.pk)
    return request


def _lock_reviewable(request: MembershipRequest) -> MembershipRequest:
    locked = MembershipRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None or locked.status != Status.CONFIRMED:  # None: purged meanwhile
        raise NotReviewable
    return locked


def membership_request_approve(
    *,
    request: MembershipRequest,
    by: "User",
    organisation: Organisation | None = None,
    today: date | None = None,
    note: str = "",
    description: str | None = None,
) -> MembershipRequest:
    """Approve a confirmed request: the organisation (a new one, or ``organisation``,
    an existing one) becomes a member since today and gets the requester as contact.

    A new organisation shows its name, kind, districts and description at once: the
    description is ``description`` as the reviewer edited it, by default the request's
    offer (what the organisation offers the network); an existing organisation gets it
    only if it has none yet. The request's postal address and website were given for the
    review, not for publication: the new organisation's public address and website stay
    empty until staff fill them in. ``note``, the reviewer's personal words, goes into
    the mail to the requester and stays with the decision (``decision_reason``)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock_reviewable(request)
        description = (locked.offer if description is None else description).strip()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=locked.organisation_name,
                slug=unique_slug(Organisation, locked.organisation_name),
                kind=locked.organisation_kind,
                description=description,
                is_member=True,
                member_since=today,
                # Approval is the decision to show the new member on the partner pages.
                published=True,
            )
        else:
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
            fill_description = bool(description) and not organisation.description.strip()
            if not organisation.is_member or fill_description:
                if not organisation.is_member:
                    organisation.is_member = True
                    organisation.member_since = today
                if fill_description:
                    organisation.description = description
                organisation._history_user = by
                organisation.save()
        organisation.districts.add(*locked.districts.all())
        contact = ContactPerson.objects.create(
            name=locked.contact_name,
            organisation=organisation,
            email=locked.contact_email,
            phone=locked.contact_phone,
            # They consented to the processing of their data for this request, not to
            # being named on the public pages: staff ask for that separately.
            publication_consent=False,
            last_checked=today,
        )
        contact.districts.set(locked.districts.all())
        locked.organisation = organisation
        locked.decision_reason = (note or "").strip()
        _record_decision(locked, status=Status.APPROVED, by=by)
    return locked


def membership_request_reject(*, request: MembershipRequest, by: "User", reason: str | None) -> MembershipRequest:
    """Reject a confirmed request; the reason is required and sent to the requester."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    with transaction.atomic():
        locked = _lock_reviewable(request)
        locked.decision_reason = reason
        _record_decision(locked, status=Status.REJECTED, by=by)
    return locked


def _record_decision(locked: MembershipRequest, *, status: str, by: "User") -> None:
    """Save the decision on the locked row, with who and when; queue the mail to the requester."""
    locked.status = status
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked._history_user = by
    locked.save()
    emails.send_decision(request_id=locked.pk)


# What anonymising blanks: everything about the contact person, and every free text in
# which personal data may stand (the organisation's address and website may be a
# person's, the offer and a rejection's reason are written freely). What stays is the
# record: the organisation's name and kind, its districts, the consent given, the status,
# the dates, who decided, and the organisation it led to. The token is random and, once
# the request is decided, opens nothing.
ANONYMISED_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "offer",
    "street",
    "postcode",
    "city",
    "decision_reason",
)


@dataclass(frozen=True)
class PurgeResult:
    anonymised: int
    deleted: int


def membership_request_purge(
    *, now: datetime | None = None, days: int | None = None, dry_run: bool = False
) -> PurgeResult:
    """Data protection: after the retention period (``MEMBERSHIP_RETENTION_DAYS``),

    - decided requests are anonymised: the ``ANONYMISED_FIELDS`` are blanked and
      ``anonymised_at`` set; organisation name, status, dates and decider stay for the record;
    - expired requests (never confirmed) are deleted, counted from sending, never
      while their confirmation link is valid;
    - confirmed requests that were never decided are deleted, counted from the
      confirmation: staff saw them, but a request nobody decided within the period
      leaves no decision to keep a record of.

    Their history rows lose the same data (blanked, or deleted with the request), so no
    old version keeps an e-mail address or a reason.
    """
    now = now or timezone.now()
    days = settings.MEMBERSHIP_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    expiry = now - timedelta(hours=settings.MEMBERSHIP_CONFIRM_HOURS)
    History = MembershipRequest.history.model
    with transaction.atomic():
        to_anonymise = MembershipRequest.objects.decided().filter(decided_at__lt=cutoff, anonymised_at__isnull=True)
        to_delete = MembershipRequest.objects.filter(
            Q(status=Status.SUBMITTED, created_at__lt=min(cutoff, expiry))
            | Q(status=Status.CONFIRMED, confirmed_at__lt=cutoff)
            # A confirmed request without a date (never made by the form): from sending.
            | Q(status=Status.CONFIRMED, confirmed_at__isnull=True, created_at__lt=cutoff)
        )
        anonymise_ids = list(to_anonymise.select_for_update().values_list("pk", flat=True))
        delete_ids = list(to_delete.select_for_update().values_list("pk", flat=True))
        if not dry_run:
            # update() writes no new history row; the existing ones are blanked below.
            blank = dict.fromkeys(ANONYMISED_FIELDS, "")
            MembershipRequest.objects.filter(pk__in=anonymise_ids).update(**blank, anonymised_at=now)
            History.objects.filter(id__in=anonymise_ids).update(**blank, history_change_reason=None)
            MembershipRequest.objects.filter(pk__in=delete_ids).delete()
            # After the delete: it writes one more (complete) history row, removed here too.
            History.objects.filter(id__in=delete_ids).delete()
    return PurgeResult(anonymised=len(anonymise_ids), deleted=len(delete_ids))
