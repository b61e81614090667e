"""The review queue in the back office: who sees it, who decides, and how a decision
cannot be made twice."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from partners.admin.membership import text_key
from partners.membership import services
from partners.models import MembershipRequest, Organisation
from partners.tests.factories import MembershipRequestFactory, OrganisationFactory

Status = MembershipRequest.Status
CHANGELIST = reverse("admin:partners_membershiprequest_changelist")


def decided(**data):
    """The POST of a decision page's send button, after the preview of that very text."""
    mail_text = data.get("note", data.get("reason", ""))  # approval: the note; rejection: the reason
    return {**data, "decide": "1", "previewed": text_key(mail_text)}


def url(name, request):
    return reverse(f"admin:partners_membershiprequest_{name}", args=[request.pk])


def version_url(request, history_id):
    return reverse("admin:partners_membershiprequest_simple_history", args=[request.pk, history_id])


@pytest.fixture
def confirmed(db):
    return MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="Nähwerkstatt Annen e.V.")


@pytest.mark.django_db
def test_queue_shows_only_requests_waiting_for_a_decision_by_default(reviewer, client_for):
    waiting = MembershipRequestFactory(status=Status.CONFIRMED, organisation_name="Wartet gGmbH")
    rejected = MembershipRequestFactory(
        status=Status.REJECTED, organisation_name="Abgelehnt e.V.", decided_at=timezone.now(), decision_reason="Grund"
    )
    MembershipRequestFactory(organisation_name="Unbestätigt e.V.")
    client = client_for(reviewer)
    response = client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wartet gGmbH" in html and "Abgelehnt e.V." not in html and "Unbestätigt e.V." not in html
    assert list(response.context["cl"].result_list) == [waiting]
    response = client.get(CHANGELIST + "?queue=all")
    assert list(response.context["cl"].result_list) == [rejected, waiting]  # never the unconfirmed one
    response = client.get(CHANGELIST + "?queue=rejected")
    assert list(response.context["cl"].result_list) == [rejected]


@pytest.mark.django_db
def test_seen_by_staff_leaves_out_only_the_unconfirmed():
    requests = {
        status: MembershipRequestFactory(status=status, decided_at=timezone.now(), decision_reason="Grund")
        for status in Status
    }
    seen = set(MembershipRequest.objects.seen_by_staff())
    assert seen == {requests[Status.CONFIRMED], requests[Status.APPROVED], requests[Status.REJECTED]}


@pytest.mark.django_db
def test_queue_is_newest_first(reviewer, client_for):
    older = MembershipRequestFactory(status=Status.CONFIRMED)
    newer = MembershipRequestFactory(status=Status.CONFIRMED)
    response = client_for(reviewer).get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [newer, older]


@pytest.mark.django_db
def test_change_page_is_read_only_with_decision_buttons_and_history(reviewer, client_for, confirmed):
    client = client_for(reviewer)
    response = client.get(url("change", confirmed))
    html = response.content.decode()
    assert response.status_code == 200
    assert confirmed.contact_email in html
    assert url("approve", confirmed) in html and url("reject", confirmed) in html
    assert 'name="contact_email"' not in html  # no editable input
    assert client.post(url("change", confirmed), {"contact_email": "x@example.org"}).status_code == 403
    assert client.get(url("history", confirmed)).status_code == 200


@pytest.mark.django_db
def test_editor_without_review_permission_gets_403(editor, client_for, confirmed):
    client = client_for(editor)
    for name in ("approve", "reject"):
        assert client.get(url(name, confirmed)).status_code == 403
        assert client.post(url(name, confirmed), {"reason": "Nein"}).status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


@pytest.fixture
def staff_without_group(django_user_model):
    """A member of staff in no group: may log in to the back office, nothing more."""
    return django_user_model.objects.create_user(username="ohnegruppe", password="x" * 20, is_staff=True)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "staff_without_group"])
def test_staff_outside_the_review_group_cannot_open_the_queue(request, client_for, confirmed, persona):
    client = client_for(request.getfixturevalue(persona))
    for page in (CHANGELIST, url("change", confirmed), url("history", confirmed)):
        assert client.get(page).status_code == 403, page
    old = confirmed.history.get()
    assert client.get(version_url(confirmed, old.history_id)).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client, confirmed):
    for page in (CHANGELIST, url("change", confirmed), url("history", confirmed), url("approve", confirmed)):
        response = client.get(page)
        assert response.status_code == 302 and "/login/" in response["Location"], page


@pytest.mark.django_db
def test_reviewer_approves_through_the_button(reviewer, client_for, confirmed, django_capture_on_commit_callbacks):
    client = client_for(reviewer)
    assert client.get(url("approve", confirmed)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("approve", confirmed), decided(organisation=""), follow=True)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.APPROVED and confirmed.decided_by == reviewer
    assert Organisation.objects.members().filter(name="Nähwerkstatt Annen e.V.").exists()
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reviewer_links_an_existing_organisation(reviewer, client_for, confirmed):
    existing = OrganisationFactory(name="Nähwerkstatt Annen")
    client_for(reviewer).post(url("approve", confirmed), decided(organisation=existing.pk))
    confirmed.refresh_from_db()
    existing.refresh_from_db()
    assert confirmed.organisation == existing and existing.is_member
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_reject_without_reason_shows_the_form_error(reviewer, client_for, confirmed):
    response = client_for(reviewer).post(url("reject", confirmed), decided(reason="  "))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


@pytest.mark.django_db
def test_reviewer_rejects_with_a_reason(reviewer, client_for, confirmed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(reviewer).post(url("reject", confirmed), decided(reason="Nicht in unseren Quartieren tätig."))
    confirmed.refresh_from_db()
    assert confirmed.status == Status.REJECTED
    assert confirmed.decision_reason == "Nicht in unseren Quartieren tätig."
    assert "Nicht in unseren Quartieren tätig." in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), [("approve", "reject"), ("reject", "approve"), ("approve", "approve")])
def test_a_second_decision_is_refused_with_an_error_message(reviewer, client_for, confirmed, first, second):
    client = client_for(reviewer)
    mail_field = {"approve": "note", "reject": "reason"}
    client.post(url(first, confirmed), decided(**{mail_field[first]: "Erster Grund"}, organisation=""))
    confirmed.refresh_from_db()
    state = (confirmed.status, confirmed.decided_at, confirmed.decision_reason)
    organisations = Organisation.objects.count()
    response = client.post(
        url(second, confirmed), decided(**{mail_field[second]: "Zweiter Grund"}, organisation=""), follow=True
    )
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.decided_at, confirmed.decision_reason) == state
    assert Organisation.objects.count() == organisations
    # The buttons are gone from the change page.
    assert url("approve", confirmed) not in client.get(url("change", confirmed)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED])
def test_decided_request_page_of_a_superuser_has_no_buttons_but_no_error(admin_user, client_for, status):
    request = MembershipRequestFactory(status=status, decided_at=timezone.now(), decision_reason="Grund")
    response = client_for(admin_user).get(url("change", request))
    html = response.content.decode()
    assert response.status_code == 200
    assert request.organisation_name in html
    assert url("approve", request) not in html and url("reject", request) not in html


@pytest.mark.django_db
def test_reviewer_can_search_organisations_to_link(reviewer, client_for):
    OrganisationFactory(name="Nähwerkstatt Annen")
    response = client_for(reviewer).get(
        reverse("admin:autocomplete"),
        {"app_label": "partners", "model_name": "membershiprequest", "field_name": "organisation", "term": "Näh"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Nähwerkstatt Annen"]


@pytest.mark.django_db
def test_approve_page_suggests_an_organisation_of_the_same_name(reviewer, client_for, confirmed):
    existing = OrganisationFactory(name="NÄHWERKSTATT  Annen e.V.")
    response = client_for(reviewer).get(url("approve", confirmed))
    assert response.context["form"].initial["organisation"] == existing
    assertInHTML(f'<option value="{existing.pk}" selected>{existing}</option>', response.content.decode(), count=1)


@pytest.mark.django_db
def test_approve_page_says_the_address_and_website_stay_unpublished(reviewer, client_for, confirmed):
    response = client_for(reviewer).get(url("approve", confirmed))
    assert "Anschrift und Website aus der Anfrage dienen nur dieser Prüfung" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_unknown_or_malformed_id_is_404(reviewer, client_for, object_id, action):
    response = client_for(reviewer).get(f"/verwaltung/partners/membershiprequest/{object_id}/{action}/")
    # A NUL byte may be refused before the view (400, the admin's input check) or by it (404).
    assert response.status_code == 404 or ("%00" in object_id and response.status_code == 400)


@pytest.mark.django_db
def test_not_even_a_superuser_deletes_or_edits_a_request_in_the_back_office(admin_user, client_for, confirmed):
    client = client_for(admin_user)
    assert client.get(url("delete", confirmed)).status_code == 403
    assert client.post(url("change", confirmed), {"contact_email": "x@example.org"}).status_code == 403
    assert client.get(reverse("admin:partners_membershiprequest_add")).status_code == 403
    assert MembershipRequest.objects.filter(pk=confirmed.pk, contact_email=confirmed.contact_email).exists()


@pytest.fixture
def approved(reviewer, confirmed):
    """A decided request with two versions in its history: confirmed, then approved."""
    services.membership_request_approve(request=confirmed, by=reviewer)
    confirmed.refresh_from_db()
    return confirmed


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reviewer", "admin_user"])
def test_an_old_version_opens_read_only(request, client_for, approved, persona):
    client = client_for(request.getfixturevalue(persona))
    old = approved.history.earliest("history_date")
    assert old.status == Status.CONFIRMED
    response = client.get(version_url(approved, old.history_id))
    html = response.content.decode()
    assert response.status_code == 200
    assert approved.contact_email in html and "Nähwerkstatt Annen e.V." in html
    assert 'name="contact_email"' not in html  # no input: nothing to edit
    assert 'name="_save"' not in html  # no "Revert" button


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reviewer", "admin_user"])
def test_an_old_version_cannot_be_reverted(request, client_for, approved, persona):
    """Reverting would put the decided request back to "confirmed", past the services."""
    client = client_for(request.getfixturevalue(persona))
    old = approved.history.earliest("history_date")
    versions = approved.history.count()
    response = client.post(version_url(approved, old.history_id), {"_save": "Revert"})
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED and approved.decided_at
    assert approved.history.count() == versions


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "999999", "1%00"])
def test_unknown_or_malformed_version_is_404(reviewer, client_for, approved, version):
    response = client_for(reviewer).get(f"/verwaltung/partners/membershiprequest/{approved.pk}/history/{version}/")
    assert response.status_code == 404 or ("%00" in version and response.status_code == 400)


@pytest.mark.django_db
def test_a_version_of_another_request_is_404(reviewer, client_for, approved):
    other = MembershipRequestFactory(status=Status.CONFIRMED)
    response = client_for(reviewer).get(version_url(approved, other.history.get().history_id))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reviewer", "admin_user"])
def test_an_unconfirmed_request_does_not_reach_staff(request, client_for, persona):
    """The issue: "The request reaches staff only once confirmed." Not in any list, not by id."""
    unconfirmed = MembershipRequestFactory(organisation_name="Unbestätigt e.V.")
    client = client_for(request.getfixturevalue(persona))
    for query in ("", "?queue=all", "?queue=submitted", "?q=Unbest%C3%A4tigt"):
        response = client.get(CHANGELIST + query)
        assert response.status_code == 200
        assert "Unbestätigt e.V." not in response.content.decode(), query
    # The change page answers as for an id that does not exist: back to the index.
    response = client.get(url("change", unconfirmed))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(url("history", unconfirmed)).status_code == 404
    assert client.get(version_url(unconfirmed, unconfirmed.history.get().history_id)).status_code == 404
    for action in ("approve", "reject"):
        assert client.get(url(action, unconfirmed)).status_code == 404
