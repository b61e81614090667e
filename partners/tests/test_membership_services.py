"""The services of the membership workflow: every transition, every refusal, the
e-mails and when they go out (only after the commit)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from partners.membership import emails, services
from partners.models import ContactPerson, MembershipRequest, Organisation
from partners.tests.factories import MembershipRequestFactory, OrganisationFactory
from quartier.tests.factories import DistrictFactory

Status = MembershipRequest.Status


def submit_data(**overrides):
    data = {
        "organisation_name": "Quartiersladen Annen",
        "organisation_kind": "verein",
        "website": "",
        "street": "Annenstraße 3",
        "postcode": "58453",
        "city": "Witten",
        "districts": [],
        "offer": "Nachbarschaftscafé",
        "contact_name": "Jo Brandt",
        "contact_email": "jo@example.org",
        "contact_phone": "",
        "consent": True,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_submit_sends_the_link_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        result = services.membership_request_submit(data=submit_data())
    assert result.outcome == services.SubmitResult.CREATED
    assert mail.outbox == []  # nothing sent inside the transaction
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_submission_sends_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.membership_request_submit(data=submit_data())
        raise RuntimeError("rollback")
    assert MembershipRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_confirm_notifies_staff_after_commit_in_a_real_transaction(settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["a@example.org", "b@example.org"]
    request = MembershipRequestFactory(organisation_name="Verein\r\nBcc: x@example.org")
    services.membership_request_confirm(token=request.token)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org", "b@example.org"]
    assert "\n" not in message.subject and "Verein Bcc" in message.subject
    assert f"{settings.SITE_URL}/verwaltung/partners/membershiprequest/{request.pk}/change/" in message.body


@pytest.mark.django_db
def test_confirmation_mail_content(settings, django_capture_on_commit_callbacks):
    settings.SITE_NAME = "IQ Witten"
    settings.SITE_URL = "https://iq.example.org"
    settings.MEMBERSHIP_RETENTION_DAYS = 47
    with django_capture_on_commit_callbacks(execute=True):
        result = services.membership_request_submit(data=submit_data())
    message = mail.outbox[0]
    link = f"https://iq.example.org/mitmachen/bestaetigen/{result.request.token}/"
    assert message.subject.startswith("[IQ Witten]")
    assert link in message.body and "IQ Witten" in message.body
    # Anyone may type any address: no name the sender wrote is echoed to it.
    assert "Jo Brandt" not in message.body and "Quartiersladen Annen" not in message.body
    # When the purge deletes an unconfirmed request (the sentence is translated by the lead).
    assert " 47 " in message.body
    # The link works: it opens the confirmation page.
    assert Client().get(link.removeprefix("https://iq.example.org")).status_code == 200


@pytest.mark.django_db
def test_mails_are_rendered_in_german_plain_text(settings, reviewer, django_capture_on_commit_callbacks):
    """All four mails, rendered under the default language whatever is active: the
    project's own German subjects and texts, German dates, and no HTML part."""
    settings.SITE_NAME = "IQ Witten"
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]
    request = MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="Treffpunkt", contact_name="Jo")
    march = timezone.make_aware(timezone.datetime(timezone.now().year - 1, 3, 15, 10, 0))
    MembershipRequest.objects.filter(pk=request.pk).update(confirmed_at=march)
    rejected = MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="Anderswo", contact_name="Sam")
    services.membership_request_reject(request=rejected, by=reviewer, reason="Nicht im Stadtgebiet tätig.")
    approved = MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="Nachbarn", contact_name="Lu")
    services.membership_request_approve(request=approved, by=reviewer)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # queued, sent on commit
        emails.send_confirmation_link(request_id=request.pk)
        emails.notify_staff(request_id=request.pk)
        emails.send_decision(request_id=approved.pk)
        emails.send_decision(request_id=rejected.pk)
    confirm, notify, approval, rejection = mail.outbox
    assert confirm.subject == "[IQ Witten] Bitte bestätigen Sie Ihre Mitgliedsanfrage"
    assert confirm.body.startswith("Guten Tag,\n")
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse über diesen Link:" in confirm.body
    assert "Der Link ist 72 Stunden gültig." in confirm.body
    assert notify.subject == "[IQ Witten] Neue Mitgliedsanfrage: Treffpunkt"
    assert "Eine neue Mitgliedsanfrage wurde bestätigt und wartet auf Ihre Entscheidung." in notify.body
    assert "März" in notify.body and "Prüfen Sie sie in der Verwaltung:" in notify.body
    assert approval.subject == "[IQ Witten] Ihre Mitgliedsanfrage wurde angenommen"
    assert "wir freuen uns, Ihnen mitzuteilen, dass „Nachbarn“ jetzt Mitglied unseres Netzwerks ist." in approval.body
    assert rejection.subject == "[IQ Witten] Ihre Mitgliedsanfrage"
    assert "Leider können wir „Anderswo“ derzeit nicht als Mitglied aufnehmen." in rejection.body
    assert "Begründung:\nNicht im Stadtgebiet tätig." in rejection.body
    for message in (confirm, approval, rejection):
        assert "Mit freundlichen Grüßen\nIQ Witten\n" in message.body
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])  # no HTML part
        assert "<" not in message.body and "&" not in message.body  # nothing HTML-escaped


@pytest.mark.django_db
def test_confirm_refusals():
    with pytest.raises(services.UnknownToken):
        services.membership_request_confirm(token="nope")
    confirmed = MembershipRequestFactory(status=Status.CONFIRMED)
    with pytest.raises(services.AlreadyConfirmed):
        services.membership_request_confirm(token=confirmed.token)
    expired = MembershipRequestFactory()
    MembershipRequest.objects.filter(pk=expired.pk).update(created_at=timezone.now() - timedelta(days=30))
    with pytest.raises(services.ExpiredToken):
        services.membership_request_confirm(token=expired.token)
    expired.refresh_from_db()
    assert expired.status == Status.SUBMITTED


@pytest.mark.django_db
def test_approve_creates_a_member_organisation_and_an_unpublished_contact(reviewer, django_capture_on_commit_callbacks):
    district = DistrictFactory()
    request = MembershipRequestFactory(
        status=Status.CONFIRMED, organisation_name="Quartiersladen Annen", website="https://privat.example.org"
    )
    request.districts.set([district])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.membership_request_approve(request=request, by=reviewer, today=today)
    organisation = Organisation.objects.get(name="Quartiersladen Annen")
    assert organisation.is_member and organisation.member_since == today
    assert organisation.published  # new entries start as drafts; approval publishes the member
    assert organisation.slug == "quartiersladen-annen"
    # The request's postal address and website were for the review: the public partner
    # page shows none of them until staff fill them in.
    assert (organisation.street, organisation.postcode, organisation.city, organisation.website) == ("", "", "", "")
    page = Client().get(organisation.get_absolute_url()).content.decode()
    assert page.count("Quartiersladen Annen") and request.street not in page and "privat.example.org" not in page
    assert list(organisation.districts.all()) == [district]
    contact = ContactPerson.objects.get(organisation=organisation)
    assert contact.email == request.contact_email and contact.publication_consent is False
    assert decided.status == Status.APPROVED and decided.decided_by == reviewer and decided.decided_at
    assert decided.organisation == organisation
    assert decided.history.first().history_user == reviewer
    assert [m.to for m in mail.outbox] == [[request.contact_email]]
    assert "Quartiersladen Annen" in mail.outbox[0].body


@pytest.mark.django_db
def test_approve_links_an_existing_organisation(reviewer, django_capture_on_commit_callbacks):
    existing = OrganisationFactory(name="DRK Ortsverein", is_member=False)
    request = MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="DRK Ortsverein Witten")
    services.membership_request_approve(request=request, by=reviewer, organisation=existing)
    existing.refresh_from_db()
    assert existing.is_member and existing.member_since == timezone.localdate()
    assert Organisation.objects.count() == 1
    assert existing.contacts.count() == 1


@pytest.mark.django_db
def test_reject_needs_a_reason_and_mails_it(reviewer, django_capture_on_commit_callbacks):
    request = MembershipRequestFactory(status=Status.CONFIRMED)
    for reason in ("", "   \n "):
        with pytest.raises(services.ReasonRequired):
            services.membership_request_reject(request=request, by=reviewer, reason=reason)
    request.refresh_from_db()
    assert request.status == Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request_reject(request=request, by=reviewer, reason="Nicht im Stadtgebiet tätig.")
    request.refresh_from_db()
    assert request.status == Status.REJECTED and request.decided_by == reviewer
    assert "Nicht im Stadtgebiet tätig." in mail.outbox[0].body
    assert mail.outbox[0].reply_to


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.REJECTED])
def test_no_decision_unless_confirmed_and_no_second_decision(reviewer, status):
    extra = {"decided_at": timezone.now(), "decision_reason": "x"} if status != Status.SUBMITTED else {}
    request = MembershipRequestFactory(status=status, **extra)
    with pytest.raises(services.NotReviewable):
        services.membership_request_approve(request=request, by=reviewer)
    with pytest.raises(services.NotReviewable):
        services.membership_request_reject(request=request, by=reviewer, reason="Grund")
    assert Organisation.objects.count() == 0
    request.refresh_from_db()
    assert request.status == status


@pytest.mark.django_db
def test_a_stale_object_cannot_be_decided_twice(reviewer):
    """Two reviewers open the same request; the second decision sees the locked row's state."""
    request = MembershipRequestFactory(status=Status.CONFIRMED)
    stale = MembershipRequest.objects.get(pk=request.pk)
    services.membership_request_approve(request=request, by=reviewer)
    with pytest.raises(services.NotReviewable):
        services.membership_request_reject(request=stale, by=reviewer, reason="zu spät")
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.decision_reason == ""


LINKY_NAME = "Verein https://evil.example/login www.evil.example evil.example mailto:x@evil.example e.V."


@pytest.mark.django_db
def test_names_in_staff_and_decision_mails_are_not_links(settings, reviewer, django_capture_on_commit_callbacks):
    """A name may carry a web or mail address; in the mails it is written so that no
    mail client turns it into a link (``e.V.`` stays as it is)."""
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]
    request = MembershipRequestFactory(organisation_name=LINKY_NAME, contact_name="Jo http://evil.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request_confirm(token=request.token)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request_reject(request=request, by=reviewer, reason="Nein.")
    notify, rejection = mail.outbox
    for text in (notify.subject, notify.body, rejection.body):
        assert "evil.example" not in text and "://evil" not in text and "//evil.example" not in text
        assert "mailto:" not in text and "www.evil" not in text
        assert "evil[.]example" in text and "e.V." in text
    assert "Jo http[:]//evil[.]example" in notify.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stadtteilladen Heven e.V.", "Stadtteilladen Heven e.V."),
        ("AWO Kreisverband Witten", "AWO Kreisverband Witten"),
        ("z.B. Str. 12", "z.B. Str. 12"),
        ("https://evil.example/x", "https[:]//evil[.]example/x"),
        ("HTTP://EVIL.EXAMPLE", "HTTP[:]//EVIL[.]EXAMPLE"),
        ("www.evil.example", "www[.]evil[.]example"),
        ("evil.example", "evil[.]example"),
        ("x@evil.example", "x@evil[.]example"),
        ("mailto:x@evil.example", "mailto[:]x@evil[.]example"),
        ("bücher.de", "bücher[.]de"),
        ("evil．example", "evil[.]example"),  # a full-width dot
        ("10.0.0.1", "10[.]0[.]0[.]1"),
    ],
)
def test_unlinked(text, expected):
    assert emails.unlinked(text) == expected
