"""Named querysets and constraints of organisations, contacts and membership requests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from partners.models import ContactPerson, MembershipRequest, Organisation
from partners.tests.factories import (
    ContactPersonFactory,
    MemberFactory,
    MembershipRequestFactory,
    OrganisationFactory,
)


@pytest.mark.django_db
def test_members_and_published_are_separate_questions():
    member = MemberFactory()
    hidden_member = MemberFactory(published=False)
    other = OrganisationFactory()
    assert set(Organisation.objects.members()) == {member, hidden_member}
    assert set(Organisation.objects.published().members()) == {member}
    assert set(Organisation.objects.published()) == {member, other}


@pytest.mark.django_db
def test_only_members_have_a_membership_date():
    with pytest.raises(IntegrityError):
        OrganisationFactory(is_member=False, member_since=timezone.localdate())


def test_an_organisation_shows_all_its_errors_at_once():
    organisation = OrganisationFactory.build(is_member=True, member_since=None, logo="organisations/logo.png")
    with pytest.raises(ValidationError) as caught:
        organisation.clean()
    assert set(caught.value.message_dict) == {"member_since", "logo_alt"}
    organisation.member_since, organisation.logo_alt = timezone.localdate(), "Logo des Trägers"
    organisation.clean()


@pytest.mark.django_db
def test_contacts_are_published_only_with_consent():
    shown = ContactPersonFactory(publication_consent=True)
    ContactPersonFactory(publication_consent=False)
    assert list(ContactPerson.objects.published()) == [shown]


@pytest.mark.django_db
def test_membership_request_queues(settings):
    settings.MEMBERSHIP_CONFIRM_HOURS = 72
    fresh = MembershipRequestFactory()
    stale = MembershipRequestFactory()
    MembershipRequest.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(hours=73))
    confirmed = MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED)
    approved = MembershipRequestFactory(status=MembershipRequest.Status.APPROVED, decided_at=timezone.now())

    assert set(MembershipRequest.objects.confirmed()) == {confirmed}
    assert set(MembershipRequest.objects.pending()) == {fresh, confirmed}
    assert set(MembershipRequest.objects.expired()) == {stale}
    assert set(MembershipRequest.objects.decided()) == {approved}
    stale.refresh_from_db()
    assert stale.is_expired and not fresh.is_expired


@pytest.mark.django_db
def test_a_decision_needs_a_date_and_a_rejection_a_reason():
    with pytest.raises(IntegrityError):
        MembershipRequestFactory(status=MembershipRequest.Status.APPROVED, decided_at=None)


@pytest.mark.django_db
def test_a_rejection_needs_a_reason():
    with pytest.raises(IntegrityError):
        MembershipRequestFactory(status=MembershipRequest.Status.REJECTED, decided_at=timezone.now())


@pytest.mark.django_db
def test_tokens_are_unique_and_unguessable():
    tokens = {MembershipRequestFactory().token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 40 for token in tokens)
