"""Deciding a membership request: the reviewer reads the e-mail before it goes out, adds
a personal note, and the request's offer becomes the new organisation's description."""

import pytest
from django.core import mail
from django.urls import reverse

from partners.admin.membership import text_key
from partners.membership import services
from partners.models import MembershipRequest, Organisation
from partners.tests.factories import MembershipRequestFactory, OrganisationFactory

Status = MembershipRequest.Status
OFFER = "Einkaufshilfen und ein Erzählcafé für ältere Nachbarn."
NOTE = "Wir freuen uns auf das erste Treffen am 12. Januar im Quartiersbüro."


def url(name, request):
    return reverse(f"admin:partners_membershiprequest_{name}", args=[request.pk])


@pytest.fixture
def confirmed(db):
    return MembershipRequestFactory(
        status=Status.CONFIRMED, organisation_name="Nähwerkstatt Annen e.V.", contact_name="Sanja Peters", offer=OFFER
    )


@pytest.mark.django_db
def test_approve_page_shows_the_mail_as_it_will_be_sent(reviewer, client_for, confirmed):
    response = client_for(reviewer).get(url("approve", confirmed))
    preview = response.context["preview"]
    assert preview["to"] == confirmed.contact_email
    assert preview["subject"].endswith("Ihre Mitgliedsanfrage wurde angenommen")
    assert preview["body"].startswith("Guten Tag Sanja Peters,")
    html = response.content.decode()
    assert "Guten Tag Sanja Peters," in html
    # The offer is offered as the organisation's description, the note starts empty.
    assert response.context["form"].initial["description"] == OFFER
    assert response.context["form"].initial["previewed"] == text_key("")


@pytest.mark.django_db
def test_preview_button_shows_the_note_in_the_mail_and_sends_nothing(reviewer, client_for, confirmed):
    response = client_for(reviewer).post(
        url("approve", confirmed), {"organisation": "", "note": NOTE, "preview": "1", "previewed": text_key("")}
    )
    assert response.status_code == 200
    assert NOTE in response.context["preview"]["body"]
    assert response.context["form"]["previewed"].value() == text_key(NOTE)
    assert not response.context["changed_since_preview"]
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    assert mail.outbox == []


@pytest.mark.django_db
def test_send_after_a_change_unseen_in_the_preview_shows_the_preview_again(reviewer, client_for, confirmed):
    """The note typed and sent at once: the reviewer never saw that mail, so it is shown
    first; the second press sends it."""
    client = client_for(reviewer)
    data = {"organisation": "", "description": OFFER, "note": NOTE, "decide": "1", "previewed": text_key("")}
    response = client.post(url("approve", confirmed), data)
    assert response.status_code == 200 and response.context["changed_since_preview"]
    assert NOTE in response.context["preview"]["body"]
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED

    data["previewed"] = response.context["form"]["previewed"].value()
    response = client.post(url("approve", confirmed), data, follow=True)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.APPROVED
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@pytest.mark.django_db
def test_the_sent_mail_is_the_previewed_one(reviewer, client_for, confirmed, django_capture_on_commit_callbacks):
    client = client_for(reviewer)
    preview = client.post(url("approve", confirmed), {"organisation": "", "note": NOTE, "preview": "1"}).context[
        "preview"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("approve", confirmed),
            {"organisation": "", "description": OFFER, "note": NOTE, "decide": "1", "previewed": text_key(NOTE)},
        )
    sent = mail.outbox[-1]
    assert (sent.to, sent.subject, sent.body) == ([preview["to"]], preview["subject"], preview["body"])
    confirmed.refresh_from_db()
    assert confirmed.decision_reason == NOTE  # kept with the decision until the purge blanks it


@pytest.mark.django_db
def test_approval_carries_the_edited_offer_to_the_new_organisation(reviewer, client_for, confirmed):
    description = "Einkaufshilfen und ein Erzählcafé."
    client_for(reviewer).post(
        url("approve", confirmed),
        {"organisation": "", "description": description, "note": "", "decide": "1", "previewed": text_key("")},
    )
    organisation = Organisation.objects.get(name="Nähwerkstatt Annen e.V.")
    assert organisation.description == description and organisation.is_member


@pytest.mark.django_db
def test_service_takes_the_offer_by_default(reviewer, confirmed):
    services.membership_request_approve(request=confirmed, by=reviewer)
    assert Organisation.objects.get().description == OFFER


@pytest.mark.django_db
def test_existing_organisation_keeps_its_description_and_fills_an_empty_one(reviewer):
    described = OrganisationFactory(name="Mit Text", description="Eigener Text.")
    empty = OrganisationFactory(name="Ohne Text", description="")
    for organisation in (described, empty):
        request = MembershipRequestFactory(status=Status.CONFIRMED, offer=OFFER)
        services.membership_request_approve(request=request, by=reviewer, organisation=organisation)
    described.refresh_from_db()
    empty.refresh_from_db()
    assert described.description == "Eigener Text."
    assert empty.description == OFFER


@pytest.mark.django_db
def test_reject_page_previews_the_reason_in_the_mail(reviewer, client_for, confirmed):
    reason = "Wir nehmen derzeit nur Organisationen aus den Fördergebieten auf."
    response = client_for(reviewer).post(url("reject", confirmed), {"reason": reason, "preview": "1"})
    assert reason in response.context["preview"]["body"]
    assert response.context["preview"]["subject"].endswith("Ihre Mitgliedsanfrage")
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


@pytest.mark.django_db
def test_change_page_has_clear_decision_buttons(reviewer, client_for, confirmed):
    html = client_for(reviewer).get(url("change", confirmed)).content.decode()
    assert 'class="button default approve-link"' in html
    assert 'class="button reject-link"' in html
    assert "decision-call" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["approve", "reject"])
@pytest.mark.parametrize("persona", ["editor", "anonymous"])
def test_preview_and_send_are_refused_outside_the_review_group(request, client, client_for, confirmed, name, persona):
    browser = client if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    data = {"reason": "Nein", "note": "", "preview": "1", "decide": "1", "previewed": text_key("Nein")}
    for response in (browser.get(url(name, confirmed)), browser.post(url(name, confirmed), data)):
        assert response.status_code in (302, 403)
        assert "preview" not in (response.context or {})
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


@pytest.mark.django_db
def test_history_of_a_request_has_a_german_title_for_view_only_staff(reviewer, client_for, confirmed):
    response = client_for(reviewer).get(url("history", confirmed))
    assert response.status_code == 200
    assert response.context["title"] == f"Änderungsgeschichte: {confirmed}"
