"""The purge command: what is blanked, what is kept, the retention boundary, the dry
run and the history rows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partners.membership import services
from partners.models import MembershipRequest
from partners.tests.factories import MembershipRequestFactory

Status = MembershipRequest.Status
History = MembershipRequest.history.model
BLANKED = {
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "offer",
    "street",
    "postcode",
    "city",
    "decision_reason",
}
# The record: who asked (the organisation, not the person), what came of it, and when.
# The token is random and, once the request is decided, opens nothing.
KEPT = {"organisation_name", "organisation_kind", "status", "token", "decided_by_name"}


def decided(reviewer, *, days_ago, status=Status.APPROVED, **extra):
    request = MembershipRequestFactory(
        status=Status.CONFIRMED,
        confirmed_at=timezone.now(),
        contact_phone="0170 123",
        website="https://v.example",
        **extra,
    )
    if status == Status.APPROVED:
        services.membership_request_approve(request=request, by=reviewer)
    else:
        services.membership_request_reject(request=request, by=reviewer, reason="Kein Bezug zum Quartier.")
    MembershipRequest.objects.filter(pk=request.pk).update(decided_at=timezone.now() - timedelta(days=days_ago))
    request.refresh_from_db()
    return request


def submitted(*, days_ago):
    request = MembershipRequestFactory()
    MembershipRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return request


def purge(*args):
    out = StringIO()
    call_command("purge_membership_requests", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED])
def test_decided_requests_are_anonymised_after_the_retention_period(reviewer, settings, status):
    settings.MEMBERSHIP_RETENTION_DAYS = 180
    old = decided(reviewer, days_ago=181, status=status, organisation_name="Alter Verein")
    email = old.contact_email
    assert History.objects.filter(id=old.pk, contact_email=email).exists()
    output = purge()
    assert "anonymised 1" in output
    old.refresh_from_db()
    for field in BLANKED:
        assert getattr(old, field) == "", field
    assert old.anonymised_at is not None
    # Kept for the record.
    assert old.organisation_name == "Alter Verein" and old.status == status
    assert old.organisation_kind == "verein" and old.consent is True
    assert old.created_at and old.confirmed_at and old.decided_at and old.decided_by == reviewer
    assert (old.organisation is not None) == (status == Status.APPROVED)
    # No history row keeps the personal data or the free text.
    rows = History.objects.filter(id=old.pk)
    assert rows.count() >= 2
    for row in rows:
        for field in BLANKED:
            assert getattr(row, field) == "", (row.history_id, field)
        assert row.organisation_name == "Alter Verein"
    assert not History.objects.filter(contact_email=email).exists()


def test_every_text_field_is_either_blanked_or_kept_on_purpose():
    """A new free-text field must be added to one of the two lists (and to README.md)."""
    text_fields = {
        field.name
        for field in MembershipRequest._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)  # includes e-mail and URL fields
    }
    assert set(services.ANONYMISED_FIELDS) == BLANKED
    assert text_fields == BLANKED | KEPT


@pytest.mark.django_db
def test_retention_boundary(reviewer):
    inside = decided(reviewer, days_ago=179)
    MembershipRequest.objects.filter(pk=inside.pk).update(
        decided_at=timezone.now() - timedelta(days=180) + timedelta(minutes=5)
    )
    outside = decided(reviewer, days_ago=180)
    MembershipRequest.objects.filter(pk=outside.pk).update(
        decided_at=timezone.now() - timedelta(days=180) - timedelta(minutes=5)
    )
    purge("--days", "180")
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert inside.contact_email and inside.anonymised_at is None
    assert outside.contact_email == "" and outside.anonymised_at is not None


@pytest.mark.django_db
def test_expired_requests_are_deleted_with_their_history_and_pending_ones_stay(reviewer):
    expired = submitted(days_ago=200)
    fresh = submitted(days_ago=0)
    # Sent long ago, confirmed recently, waiting for a decision: within the retention period.
    waiting = MembershipRequestFactory(status=Status.CONFIRMED, confirmed_at=timezone.now() - timedelta(days=10))
    MembershipRequest.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=400))
    output = purge()
    assert "deleted 1" in output
    assert not MembershipRequest.objects.filter(pk=expired.pk).exists()
    assert not History.objects.filter(id=expired.pk).exists()
    assert set(MembershipRequest.objects.values_list("pk", flat=True)) == {fresh.pk, waiting.pk}
    assert History.objects.filter(id=fresh.pk).exists()


@pytest.mark.django_db
def test_days_zero_still_spares_requests_within_the_confirmation_window():
    fresh = submitted(days_ago=0)
    purge("--days", "0")
    assert MembershipRequest.objects.filter(pk=fresh.pk).exists()


@pytest.mark.django_db
def test_dry_run_changes_nothing(reviewer):
    old = decided(reviewer, days_ago=365)
    expired = submitted(days_ago=365)
    history_rows = History.objects.count()
    output = purge("--dry-run")
    assert "Dry run" in output and "anonymised 1" in output and "deleted 1" in output
    old.refresh_from_db()
    assert old.contact_email and old.anonymised_at is None
    assert MembershipRequest.objects.filter(pk=expired.pk).exists()
    assert History.objects.count() == history_rows


@pytest.mark.django_db
def test_purge_is_idempotent(reviewer):
    old = decided(reviewer, days_ago=365)
    purge()
    first = MembershipRequest.objects.get(pk=old.pk).anonymised_at
    assert "anonymised 0" in purge()
    assert MembershipRequest.objects.get(pk=old.pk).anonymised_at == first


@pytest.mark.django_db
def test_negative_days_is_an_error():
    with pytest.raises(CommandError):
        purge("--days", "-1")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED])
def test_an_anonymised_request_still_opens_in_the_back_office(reviewer, client_for, status):
    old = decided(reviewer, days_ago=365, status=status, organisation_name="Alter Verein")
    purge()
    client = client_for(reviewer)
    change = client.get(reverse("admin:partners_membershiprequest_change", args=[old.pk]))
    assert change.status_code == 200 and "Alter Verein" in change.content.decode()
    assert old.contact_email not in change.content.decode()
    history = client.get(reverse("admin:partners_membershiprequest_history", args=[old.pk]))
    assert history.status_code == 200 and old.contact_email not in history.content.decode()


def confirmed(*, days_ago):
    request = MembershipRequestFactory(
        status=Status.CONFIRMED, confirmed_at=timezone.now() - timedelta(days=days_ago), contact_phone="0170 9"
    )
    MembershipRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago, hours=1)
    )
    return request


@pytest.mark.django_db
def test_confirmed_requests_never_decided_are_deleted_after_the_retention_period(settings):
    """Counted from the confirmation; with their history, like unconfirmed ones."""
    settings.MEMBERSHIP_RETENTION_DAYS = 180
    forgotten = confirmed(days_ago=181)
    recent = confirmed(days_ago=179)
    email = forgotten.contact_email
    assert History.objects.filter(id=forgotten.pk).exists()
    output = purge()
    assert "deleted 1" in output
    assert not MembershipRequest.objects.filter(pk=forgotten.pk).exists()
    assert not History.objects.filter(id=forgotten.pk).exists()
    assert not History.objects.filter(contact_email=email).exists()
    assert MembershipRequest.objects.filter(pk=recent.pk).exists()
    # The organisation may ask again: nothing is pending for it any more.
    assert not MembershipRequest.objects.pending().filter(pk=forgotten.pk).exists()


@pytest.mark.django_db
def test_the_dry_run_counts_forgotten_confirmed_requests():
    confirmed(days_ago=400)
    assert "deleted 1" in purge("--dry-run")
    assert MembershipRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_request_purged_while_a_reviewer_decides_is_refused_politely(reviewer):
    request = confirmed(days_ago=400)
    purge()
    with pytest.raises(services.NotReviewable):
        services.membership_request_approve(request=request, by=reviewer)


@pytest.mark.django_db
def test_the_privacy_page_says_what_the_purge_does(settings):
    """The demo text names every kind of request the purge covers, with its period and
    from when it counts; the starter text (migration) names them too."""
    from portal.demo.pages import STARTER_PAGES, datenschutz

    days = settings.MEMBERSHIP_RETENTION_DAYS
    text = datenschutz()
    assert f"sie wird {days} Tage nach dem Absenden mit allen Angaben gelöscht" in text
    assert f"Eine bestätigte Anfrage, über die nicht entschieden wird, wird {days} Tage nach der Bestätigung" in text
    assert f"wird {days} Tage nach der Entscheidung anonymisiert" in text
    assert "bestätigte Anfragen, über die nicht entschieden wird" in STARTER_PAGES["datenschutz"][1]
    # the outbox keeps the mails (names, addresses, a reason) too: the page names its period
    from outbox.services import MAIL_KEEP_DAYS

    assert f"danach noch {MAIL_KEEP_DAYS} Tage aufbewahrt" in text
    assert "Die E-Mails, die das Portal dazu versendet, werden nach dem Versand" in STARTER_PAGES["datenschutz"][1]


@pytest.mark.django_db
def test_a_privacy_page_with_the_earlier_starter_text_still_counts_as_unedited():
    """Installations migrated before the starter text named undecided requests: seed_demo
    still replaces their unedited page."""
    from portal.demo.pages import _STARTER, pages_load
    from quartier.models import SitePage

    SitePage.objects.filter(slug="datenschutz").update(body=_STARTER.EARLIER_BODIES["datenschutz"][0])
    pages_load()
    assert "Tage nach der Bestätigung mit allen Angaben gelöscht" in SitePage.objects.get(slug="datenschutz").body
