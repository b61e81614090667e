"""The outgoing mails in the back office, per persona: superusers see all and resend;
the group "Prüfung" sees the mails of its work (never a confirmation link) and resends
them; nobody edits a mail; everyone else is refused, for GET and POST alike."""

import pytest
from django.contrib.admin import helpers
from django.core import mail
from django.urls import reverse

from outbox import services
from outbox.models import OutboxMail

CHANGELIST = reverse("admin:outbox_outboxmail_changelist")
ADD = reverse("admin:outbox_outboxmail_add")


def change_url(outgoing):
    return reverse("admin:outbox_outboxmail_change", args=[outgoing.pk])


def resend_post(client, *mails):
    return client.post(
        CHANGELIST, {"action": "resend", helpers.ACTION_CHECKBOX_NAME: [m.pk for m in mails]}, follow=True
    )


@pytest.fixture
def failed(db):
    """A decision mail (staff may read it) that was given up."""
    outgoing = services.mail_enqueue(subject="Entscheidung", body="Guten Tag", to=["kim@example.org"], restricted=False)
    OutboxMail.objects.filter(pk=outgoing.pk).update(
        status=OutboxMail.Status.FAILED, attempts=services.MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )
    return outgoing


@pytest.fixture
def confirmation(db):
    """A confirmation link: superusers only."""
    outgoing = services.mail_enqueue(subject="Bitte bestätigen", body="https://…/bestaetigen/geheim/", to=["x@ex.org"])
    OutboxMail.objects.filter(pk=outgoing.pk).update(status=OutboxMail.Status.FAILED)
    return outgoing


@pytest.fixture
def staff_without_group(django_user_model):
    return django_user_model.objects.create_user(username="ohne-gruppe", password="x" * 20, is_staff=True)


def assert_not_resent(*mails):
    assert mail.outbox == []
    for outgoing in mails:
        outgoing.refresh_from_db()
        assert outgoing.status == OutboxMail.Status.FAILED


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_for_get_and_post(resident, failed):
    for page in (CHANGELIST, change_url(failed)):
        response = resident.get(page)
        assert response.status_code == 302 and "/login/" in response["Location"], page
    response = resident.post(CHANGELIST, {"action": "resend", helpers.ACTION_CHECKBOX_NAME: [failed.pk]})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert_not_resent(failed)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_without_group", "editor"])
def test_staff_without_the_review_group_are_refused(request, client_for, failed, persona):
    client = client_for(request.getfixturevalue(persona))
    for page in (CHANGELIST, change_url(failed), ADD):
        assert client.get(page).status_code == 403, page
    assert client.post(CHANGELIST, {"action": "resend", helpers.ACTION_CHECKBOX_NAME: [failed.pk]}).status_code == 403
    assert client.post(change_url(failed), {"body": "Geändert"}).status_code == 403
    assert_not_resent(failed)


@pytest.mark.django_db
def test_reviewer_sees_the_mails_of_its_work_and_resends_them(client_for, reviewer, failed, confirmation):
    client = client_for(reviewer)
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [failed]  # never the confirmation link
    page = client.get(change_url(failed))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert "SMTPServerDisconnected" in page.content.decode()
    assert client.get(change_url(confirmation)).status_code == 302  # "does not exist" for the reviewer
    assert client.get(ADD).status_code == 403
    assert client.post(change_url(failed), {"body": "Geändert"}).status_code == 403
    # Resending the confirmation link is refused in the same way: it is not in their list.
    resend_post(client, confirmation)
    assert_not_resent(confirmation)
    response = resend_post(client, failed)
    failed.refresh_from_db()
    assert failed.status == OutboxMail.Status.SENT and failed.body == "Guten Tag"
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@pytest.mark.django_db
def test_superuser_sees_every_mail_resends_but_never_edits_one(client_for, admin_user, failed, confirmation):
    client = client_for(admin_user)
    assert set(client.get(CHANGELIST).context["cl"].result_list) == {failed, confirmation}
    page = client.get(change_url(confirmation))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(confirmation), {"body": "Geändert"}).status_code == 403
    assert client.get(ADD).status_code == 403
    resend_post(client, confirmation)
    confirmation.refresh_from_db()
    assert confirmation.status == OutboxMail.Status.SENT and confirmation.body.endswith("/bestaetigen/geheim/")


@pytest.mark.django_db
def test_resend_tells_staff_when_the_server_is_still_down(client_for, reviewer, failed, smtp_down):
    response = resend_post(client_for(reviewer), failed)
    failed.refresh_from_db()
    assert failed.status == OutboxMail.Status.QUEUED and failed.attempts == 1
    assert "Connection refused" in failed.last_error
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
