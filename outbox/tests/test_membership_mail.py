"""The mails of the membership workflow through the outbox, against a mail server that
is down or hangs: the decision is saved, its mail kept and retried, staff told the
truth, and no request waits longer than EMAIL_TIMEOUT.

The tests marked ``transaction=True`` commit for real, so the send after the commit
runs as in production (not as a captured callback)."""

import time
from datetime import timedelta

import factory
import pytest
from django.contrib.messages import constants
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from outbox.models import OutboxMail
from outbox.tests.conftest import LOCMEM
from partners.admin.membership import text_key
from partners.membership import services
from partners.models import MembershipRequest
from partners.tests.factories import MembershipRequestFactory

Status = MembershipRequest.Status
SENT_NOTE = "The e-mail to the requester has been sent."
NOT_SENT_NOTE = (
    "The e-mail to the requester could not be sent yet and will be retried; "
    "its state is shown under “Outgoing e-mails”."
)


def german(msgid):
    with translation.override("de"):
        return gettext(msgid)


def decide(client, request, action, **data):
    url = reverse(f"admin:partners_membershiprequest_{action}", args=[request.pk])
    started = time.monotonic()
    reason = "Nicht in unseren Quartieren."
    # The send button after the preview of that very text (approval: the empty note).
    previewed = text_key(reason if action == "reject" else "")
    post = {"organisation": "", "reason": reason, "decide": "1", "previewed": previewed, **data}
    response = client.post(url, post, follow=True)
    return response, time.monotonic() - started


def only_message(response):
    [message] = list(response.context["messages"])
    return message


@pytest.fixture
def confirmed(db):
    return MembershipRequestFactory(
        status=Status.CONFIRMED, organisation_name="Nähwerkstatt Annen e.V.", contact_email="kim@example.org"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_smtp_down_the_decision_is_saved_and_staff_read_that_the_mail_is_pending(
    settings, smtp_down, reviewer, client_for, confirmed, action
):
    response, _seconds = decide(client_for(reviewer), confirmed, action)
    confirmed.refresh_from_db()
    assert confirmed.status == (Status.APPROVED if action == "approve" else Status.REJECTED)
    queued = OutboxMail.objects.get()
    assert queued.to == ["kim@example.org"]
    assert queued.status == OutboxMail.Status.QUEUED and queued.attempts == 1
    assert "Connection refused" in queued.last_error
    message = only_message(response)
    assert message.level == constants.WARNING
    assert german(NOT_SENT_NOTE) in message.message
    assert german(SENT_NOTE) not in message.message
    # The server is back: the cron run sends the mail once it is due.
    settings.EMAIL_BACKEND = LOCMEM
    OutboxMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_queued_mail")
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert OutboxMail.objects.get().status == OutboxMail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_smtp_up_staff_read_that_the_mail_went_out(reviewer, client_for, confirmed):
    response, _seconds = decide(client_for(reviewer), confirmed, "approve")
    message = only_message(response)
    assert message.level == constants.SUCCESS
    assert german(SENT_NOTE) in message.message
    assert len(mail.outbox) == 1
    assert OutboxMail.objects.get().status == OutboxMail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_hanging_smtp_the_approval_returns_after_the_timeout(hanging_smtp, reviewer, client_for, confirmed):
    response, seconds = decide(client_for(reviewer), confirmed, "approve")
    assert seconds < 4, f"the approval took {seconds:.1f} s"
    confirmed.refresh_from_db()
    assert confirmed.status == Status.APPROVED
    assert only_message(response).level == constants.WARNING
    queued = OutboxMail.objects.get()
    assert queued.status == OutboxMail.Status.QUEUED and "timed out" in queued.last_error


@pytest.mark.django_db(transaction=True)
def test_hanging_smtp_a_submission_returns_after_the_timeout(hanging_smtp):
    data = factory.build(dict, FACTORY_CLASS=MembershipRequestFactory, contact_email="neu@example.org")
    started = time.monotonic()
    result = services.membership_request_submit(data=data)
    seconds = time.monotonic() - started
    assert seconds < 4, f"the submission took {seconds:.1f} s"
    assert MembershipRequest.objects.filter(pk=result.request.pk, status=Status.SUBMITTED).exists()
    queued = OutboxMail.objects.get()
    assert queued.to == ["neu@example.org"] and queued.status == OutboxMail.Status.QUEUED
    assert queued.restricted  # the confirmation link: superusers only


@pytest.mark.django_db(transaction=True)
def test_smtp_down_the_confirmation_is_saved_and_the_staff_notice_kept(settings, smtp_down, client):
    request = MembershipRequestFactory(contact_email="kim@example.org")
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]
    response = client.post(reverse("membership:confirm", args=[request.token]))
    assert response.status_code in (200, 302)
    request.refresh_from_db()
    assert request.status == Status.CONFIRMED
    notice = OutboxMail.objects.get()
    assert notice.to == ["team@example.org"] and notice.status == OutboxMail.Status.QUEUED
    assert not notice.restricted


@pytest.mark.django_db
def test_a_rolled_back_decision_leaves_no_mail(reviewer, confirmed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.membership_request_approve(request=confirmed, by=reviewer)
        assert OutboxMail.objects.count() == 1  # written in the decision's transaction
        raise RuntimeError("something after the decision failed")
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    assert not OutboxMail.objects.exists()
    assert mail.outbox == []
