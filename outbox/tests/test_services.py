"""The outbox itself: a mail is a row written in the transaction of its change, sent
after the commit, kept with its error when the server is down, retried with a growing
pause, given up after a number of attempts, and never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import OutboxMail
from outbox.tests.conftest import LOCMEM

Status = OutboxMail.Status


def enqueue(**extra):
    return services.mail_enqueue(
        subject="Ihr Antrag", body="Guten Tag", to=["kim@example.org"], reply_to=["team@example.org"], **extra
    )


@pytest.mark.django_db
def test_a_mail_is_a_row_first_and_goes_out_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue()
        assert OutboxMail.objects.get().status == Status.QUEUED
        assert mail.outbox == []
    queued.refresh_from_db()
    assert queued.status == Status.SENT and queued.attempts == 1 and queued.sent_at
    assert [(m.subject, m.to, m.reply_to) for m in mail.outbox] == [
        ("Ihr Antrag", ["kim@example.org"], ["team@example.org"])
    ]


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the change failed")
    assert not OutboxMail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_smtp_down_keeps_the_mail_queued_with_its_error(smtp_down, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue()
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED
    assert queued.attempts == 1
    assert "Connection refused" in queued.last_error
    assert queued.next_attempt_at >= before + services.FIRST_PAUSE
    assert queued.sent_at is None


@pytest.mark.django_db
def test_the_cron_command_sends_it_once_the_server_is_back(settings, smtp_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue()
    settings.EMAIL_BACKEND = LOCMEM
    call_command("send_queued_mail")  # not due yet: the pause after the first failure
    assert mail.outbox == []
    OutboxMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_queued_mail")
    queued.refresh_from_db()
    assert queued.status == Status.SENT and queued.attempts == 2
    assert len(mail.outbox) == 1
    call_command("send_queued_mail")  # sent once, never again
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_retries_pause_longer_each_time_and_give_up_after_the_maximum(smtp_down):
    queued = enqueue()
    now = timezone.now()
    pauses = []
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        result = services.outbox_send_pending(now=now)
        queued.refresh_from_db()
        assert queued.attempts == attempt
        pauses.append(queued.next_attempt_at - now)
        now = queued.next_attempt_at
    assert queued.status == Status.FAILED
    assert result == services.SendResult(sent=0, retry=0, failed=1)
    assert pauses[:3] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert max(pauses) == services.LONGEST_PAUSE
    assert services.outbox_send_pending(now=now + timedelta(days=30)) == services.SendResult(0, 0, 0)


@pytest.mark.django_db
def test_a_mail_is_sent_once_however_often_it_is_tried(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = enqueue()
    services.mail_send(mail=queued)
    services.outbox_send_pending(now=timezone.now() + timedelta(days=1))
    services.mails_deliver([queued])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_killed_process_is_taken_up_again():
    queued = enqueue()
    OutboxMail.objects.filter(pk=queued.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - services.STALE_CLAIM - timedelta(minutes=1)
    )
    assert services.outbox_send_pending() == services.SendResult(sent=1, retry=0, failed=0)
    fresh = enqueue()
    OutboxMail.objects.filter(pk=fresh.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    assert services.outbox_send_pending() == services.SendResult(0, 0, 0)  # someone is sending it right now
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resend_queues_a_given_up_mail_anew_and_sends_it(settings, smtp_down):
    queued = enqueue()
    OutboxMail.objects.filter(pk=queued.pk).update(status=Status.FAILED, attempts=services.MAX_ATTEMPTS)
    settings.EMAIL_BACKEND = LOCMEM
    [resent] = services.mail_resend(mails=[queued])
    assert resent.status == Status.SENT and resent.attempts == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_old_sent_and_given_up_mails_are_purged_queued_ones_kept():
    old = timezone.now() - timedelta(days=31)
    sent, failed, waiting = enqueue(), enqueue(), enqueue()
    OutboxMail.objects.filter(pk=sent.pk).update(status=Status.SENT, created_at=old)
    OutboxMail.objects.filter(pk=failed.pk).update(status=Status.FAILED, created_at=old)
    OutboxMail.objects.filter(pk=waiting.pk).update(created_at=old, next_attempt_at=timezone.now() + timedelta(days=1))
    recent = enqueue()
    OutboxMail.objects.filter(pk=recent.pk).update(status=Status.SENT)
    call_command("send_queued_mail", "--keep-days", "30")
    assert set(OutboxMail.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
