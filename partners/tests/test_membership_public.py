"""The public side of membership requests: form, spam checks, duplicates, double opt-in.
The resident (anonymous visitor) acts in every test."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from core.tests.html import find_elements, text_of
from partners.membership import services, spam
from partners.models import MembershipRequest
from partners.tests.factories import MemberFactory, MembershipRequestFactory
from quartier.tests.factories import DistrictFactory

FORM_URL = "/mitmachen/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def old_stamp(seconds=10):
    """A stamp of a form served ``seconds`` ago."""
    return spam.make_stamp(now=time.time() - seconds)


def valid_data(**overrides):
    data = {
        "organisation_name": "Stadtteilladen Heven e.V.",
        "organisation_kind": "verein",
        "website": "https://stadtteilladen.example.org",
        "street": "Herbeder Straße 12",
        "postcode": "58455",
        "city": "Witten",
        "offer": "Offene Sprechstunde und Nähcafé für Nachbarinnen.",
        "contact_name": "Mara Yilmaz",
        "contact_email": "mara@stadtteilladen.example.org",
        "contact_phone": "02302 123456",
        "consent": "on",
        "homepage": "",
        "stamp": old_stamp(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(FORM_URL, data)


@pytest.mark.django_db
def test_form_page_shows_published_districts_and_privacy_link(resident):
    shown = DistrictFactory(name="Heven-Ost")
    DistrictFactory(name="Geheimes Quartier", published=False)
    response = resident.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Heven-Ost" in html and find_elements(html, "input", name="districts", value=str(shown.pk))
    assert "Geheimes Quartier" not in html
    # One German sentence with the link inside it, not two fragments around it.
    (consent,) = find_elements(html, "label", for_="id_consent")
    assert "verarbeitet werden, wie im Datenschutzhinweis beschrieben." in text_of(consent)
    assertInHTML('<a href="/datenschutz/">Datenschutzhinweis</a>', str(consent), count=1)
    # The honeypot: out of the keyboard's way, not filled in by the browser, hidden from screen readers.
    assert find_elements(html, "input", name="homepage", tabindex="-1", autocomplete="off")
    (hidden,) = [box for box in find_elements(html, "div", aria_hidden="true") if 'name="homepage"' in str(box)]
    assert find_elements(str(hidden), "input", name="homepage")


@pytest.mark.django_db
def test_valid_request_is_saved_redirects_and_mails_the_confirmation_link(resident, django_capture_on_commit_callbacks):
    district = DistrictFactory()
    response = submit(resident, valid_data(districts=[district.pk]), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:thanks")
    request = MembershipRequest.objects.get()
    assert request.status == MembershipRequest.Status.SUBMITTED
    assert request.organisation_name == "Stadtteilladen Heven e.V."
    assert list(request.districts.all()) == [district]
    assert request.consent is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mara@stadtteilladen.example.org"]
    assert f"/mitmachen/bestaetigen/{request.token}/" in mail.outbox[0].body
    assert resident.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_errors_are_german_beside_the_fields_and_the_form_comes_back_filled_in(resident):
    response = resident.post(FORM_URL, valid_data(organisation_name="", postcode="5845", consent=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert MembershipRequest.objects.count() == 0
    assert "Dieses Feld ist zwingend erforderlich." in html  # Django's own German message
    for field in ("organisation_name", "postcode", "consent"):
        assert find_elements(html, "div", id=f"id_{field}_error"), field
        assert find_elements(html, "input", name=field, aria_invalid="true", aria_describedby=f"id_{field}_error")
    assert find_elements(html, "input", name="street", value="Herbeder Straße 12") and "Nähcafé" in html
    assert find_elements(html, "input", name="postcode", value="5845")


@pytest.mark.django_db
@pytest.mark.parametrize("postcode", ["5845", "584555", "58 45", "ABCDE", "５８４５５"])
def test_postcode_needs_five_digits(resident, postcode):
    response = resident.post(FORM_URL, valid_data(postcode=postcode))
    assert response.status_code == 200
    assert find_elements(response.content.decode(), "div", id="id_postcode_error")
    assert MembershipRequest.objects.count() == 0


@pytest.mark.django_db
def test_honeypot_filled_is_refused_politely_and_the_honeypot_comes_back_empty(resident):
    response = resident.post(FORM_URL, valid_data(homepage="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 200
    assert MembershipRequest.objects.count() == 0
    assert "spam.example" not in html
    assert find_elements(html, "input", name="organisation_name", value="Stadtteilladen Heven e.V.")
    assert "Ihre Anfrage konnte nicht gesendet werden. Bitte prüfen Sie Ihre Angaben" in html
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_too_fast_is_refused_and_the_form_gets_a_fresh_stamp(resident, settings):
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 3
    sent_stamp = spam.make_stamp()
    response = resident.post(FORM_URL, valid_data(stamp=sent_stamp))
    html = response.content.decode()
    assert response.status_code == 200
    assert MembershipRequest.objects.count() == 0
    assert sent_stamp not in html and find_elements(html, "input", type="hidden", name="stamp")
    assert response.context["form"].errors.as_data()["__all__"][0].code == "too_fast"
    assert "Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stamp",
    [None, "", "1700000000.0", old_stamp()[:-3] + "abc", "x:y:z"],
    ids=["missing", "empty", "unsigned", "tampered", "garbage"],
)
def test_missing_or_tampered_stamp_is_refused(resident, stamp):
    response = resident.post(FORM_URL, valid_data(stamp=stamp) if stamp is not None else valid_data(stamp=None))
    assert response.status_code == 200
    assert MembershipRequest.objects.count() == 0
    assert response.context["form"].errors.as_data()["__all__"][0].code == "stamp"


@pytest.mark.django_db
def test_rate_limit_per_address_answers_429_with_the_form_filled_in(settings, django_capture_on_commit_callbacks):
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        response = submit(
            client,
            valid_data(organisation_name=f"Verein {n}", contact_email=f"v{n}@example.org"),
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 302
    response = client.post(FORM_URL, valid_data(organisation_name="Verein 3", contact_email="v3@example.org"))
    assert response.status_code == 429
    html = response.content.decode()
    assert find_elements(html, "input", name="organisation_name", value="Verein 3")
    assert "Von Ihrem Anschluss wurden in der letzten Stunde viele Anfragen gesendet." in html
    (title,) = find_elements(html, "title")
    assert text_of(title).startswith("Fehler: ")
    assert response.context["form"].errors == {}  # only the rate limit is reported
    assert MembershipRequest.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.8")
    response = submit(
        other,
        valid_data(organisation_name="Verein 4", contact_email="v4@example.org"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_two_submissions_at_the_same_moment_cannot_both_pass_the_limit(settings, monkeypatch):
    """Checking and counting are one step. A second POST that arrives while the first is
    being checked (simulated by sending it from inside the first one's form validation)
    cannot also slip under a limit of one."""
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 1
    client = Client(REMOTE_ADDR="203.0.113.9")
    real_stamp_age = spam.stamp_age
    inner = []

    def stamp_age_while_another_arrives(value, now=None):
        if not inner:
            inner.append(None)
            inner[0] = client.post(
                FORM_URL, valid_data(organisation_name="Zweiter e.V.", contact_email="z@example.org")
            )
        return real_stamp_age(value, now)

    monkeypatch.setattr(spam, "stamp_age", stamp_age_while_another_arrives)
    outer = client.post(FORM_URL, valid_data())
    assert sorted([outer.status_code, inner[0].status_code]) == [302, 429]
    assert MembershipRequest.objects.count() == 1


@pytest.mark.django_db
def test_refused_and_duplicate_submissions_count_too(settings, django_capture_on_commit_callbacks):
    """Every submission that passes the form's checks counts, whatever comes of it: the
    same request sent again (which mails the link again) and the refused ones."""
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.10")
    assert submit(client, valid_data(), django_capture_on_commit_callbacks)["Location"] == reverse("membership:thanks")
    again = submit(client, valid_data(), django_capture_on_commit_callbacks)
    assert again["Location"] == reverse("membership:thanks")
    assert len(mail.outbox) == 1  # the link; not again within the confirmation window
    for n in range(3):
        response = client.post(FORM_URL, valid_data(organisation_name=f"Verein {n}", contact_email=f"v{n}@example.org"))
        assert response.status_code == 429
    assert MembershipRequest.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_form_with_field_errors_is_not_counted(settings):
    """A person correcting a typo is not locked out: nothing is stored or sent for it."""
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 1
    client = Client(REMOTE_ADDR="203.0.113.11")
    for _ in range(3):
        assert client.post(FORM_URL, valid_data(postcode="123")).status_code == 200
    assert client.post(FORM_URL, valid_data()).status_code == 302


@pytest.mark.django_db
def test_the_window_is_an_hour_from_the_first_submission(rf, settings):
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 2
    request = rf.post(FORM_URL, REMOTE_ADDR="198.51.100.1")
    start = time.time()
    assert spam.take_slot(request, now=start) and spam.take_slot(request, now=start + 10)
    assert not spam.take_slot(request, now=start + 20)
    # Refused submissions count but do not push the end of the window back.
    assert not spam.take_slot(request, now=start + spam.RATE_WINDOW - 1)
    assert spam.take_slot(request, now=start + spam.RATE_WINDOW + 1)


@pytest.mark.django_db
def test_the_limit_holds_for_an_hour_with_the_database_cache(settings):
    """The production cache (``CACHE_URL=db://``): Django's ``incr()`` there is a read and a
    write that also resets the expiry to the cache's default timeout (here 1 second)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rate_test", "TIMEOUT": 1}
    }
    call_command("createcachetable", verbosity=0)
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.12")
    for n in range(3):
        client.post(FORM_URL, valid_data(organisation_name=f"Verein {n}", contact_email=f"v{n}@example.org"))
    time.sleep(1.5)
    response = client.post(FORM_URL, valid_data(organisation_name="Verein 9", contact_email="v9@example.org"))
    assert response.status_code == 429
    assert MembershipRequest.objects.count() == 2


THANKS = "/mitmachen/danke/"


def answer_page(client, response):
    """What the visitor sees after sending: the page the redirect leads to."""
    assert response.status_code == 302, response.status_code
    return response["Location"], client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_already_a_member_is_recognised_case_and_space_insensitive(resident, django_capture_on_commit_callbacks):
    MemberFactory(name="AWO Kreisverband  Witten")
    response = submit(
        resident, valid_data(organisation_name="  awo kreisverband witten "), django_capture_on_commit_callbacks
    )
    # The same answer as for a new request; only the mail to the address given says more.
    assert response["Location"] == THANKS
    assert MembershipRequest.objects.count() == 0
    assert [m.to for m in mail.outbox] == [["mara@stadtteilladen.example.org"]]
    body = mail.outbox[0].body
    assert "bereits Mitglied unseres Netzwerks" in body and "/mitmachen/bestaetigen/" not in body
    assert "awo" not in body.lower()  # no user-written name in the mail


@pytest.mark.django_db
def test_a_non_member_organisation_of_the_same_name_may_ask(resident, django_capture_on_commit_callbacks):
    MemberFactory(name="Caritas Witten", is_member=False, member_since=None)
    response = submit(resident, valid_data(organisation_name="Caritas Witten"), django_capture_on_commit_callbacks)
    assert response["Location"] == THANKS
    assert MembershipRequest.objects.count() == 1


CASES = [
    "nothing",
    "member",
    "draft member",
    "submitted by name",
    "confirmed by name",
    "submitted by e-mail",
    "confirmed by e-mail",
]


@pytest.mark.django_db
def test_every_valid_submission_gets_the_same_answer_page(resident, django_capture_on_commit_callbacks, settings):
    """Whether the organisation or the address is known, a member (even an unpublished
    one) or waiting for a decision: the page does not tell. Only the mail does, to the
    address given."""
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 100
    answers = {}
    for n, case in enumerate(CASES):
        name, email = f"Verein Nummer {n}", f"person{n}@example.org"
        if case in ("member", "draft member"):
            MemberFactory(name=name, published=case == "member")
        elif case != "nothing":
            by_name = case.endswith("by name")
            MembershipRequestFactory(
                status=case.split()[0],
                organisation_name=name if by_name else f"Ganz anderer Verein {n}",
                contact_email=f"erste{n}@example.org" if by_name else email.upper(),
            )
        response = submit(
            resident, valid_data(organisation_name=name, contact_email=email), django_capture_on_commit_callbacks
        )
        assert response.status_code == 302, case
        page = resident.get(response["Location"])
        answers[case] = (response["Location"], page.status_code, page.content.decode())
    assert answers["nothing"][0] == THANKS
    for case in CASES:
        assert answers[case] == answers["nothing"], case
    # Only the new one was saved: four requests were there before.
    assert MembershipRequest.objects.count() == 1 + 4
    assert MembershipRequest.objects.filter(contact_email="person0@example.org").count() == 1
    # Every case got one mail, to the address given.
    assert sorted(address.casefold() for m in mail.outbox for address in m.to) == sorted(
        f"person{n}@example.org" for n in range(len(CASES))
    )
    # Nothing else answers "already a member" or "already received".
    for gone in ("/mitmachen/bereits-mitglied/", "/mitmachen/in-bearbeitung/"):
        assert resident.get(gone).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ({"organisation_name": "Kolping Bildungswerk"}, {"organisation_name": "KOLPING  bildungswerk"}),
        ({"contact_email": "Mara@Example.org"}, {"contact_email": "mara@example.org"}),
    ],
    ids=["same-name", "same-email"],
)
@pytest.mark.parametrize("status", ["submitted", "confirmed"])
def test_pending_request_is_recognised(resident, django_capture_on_commit_callbacks, existing, new, status):
    first = MembershipRequestFactory(status=status, **existing)
    data = valid_data(**new)
    response = submit(resident, data, django_capture_on_commit_callbacks)
    assert response["Location"] == THANKS
    assert MembershipRequest.objects.count() == 1
    # One mail, only to the address given; never to the first request's address unless it is the same.
    link_again = "contact_email" in existing and status == "submitted"
    assert [m.to for m in mail.outbox] == [[first.contact_email if link_again else data["contact_email"]]]
    body = mail.outbox[0].body
    if "contact_email" in existing and status == "submitted":
        assert first.token in body  # the link of the request of this address, once more
    elif "contact_email" in existing:
        assert "bereits bestätigt" in body and first.token not in body
    else:
        assert "bereits Mitglied unseres Netzwerks oder" in body and first.token not in body
    assert first.organisation_name.lower() not in body.lower()


@pytest.mark.django_db
def test_an_expired_request_is_no_duplicate(resident, django_capture_on_commit_callbacks, settings):
    old = MembershipRequestFactory(organisation_name="Stadtteilladen Heven e.V.")
    MembershipRequest.objects.filter(pk=old.pk).update(
        created_at=old.created_at - timedelta(hours=settings.MEMBERSHIP_CONFIRM_HOURS + 1)
    )
    response = submit(resident, valid_data(), django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("membership:thanks")
    assert MembershipRequest.objects.count() == 2


@pytest.mark.django_db
def test_after_a_rejection_the_organisation_may_ask_again(resident, reviewer, django_capture_on_commit_callbacks):
    old = MembershipRequestFactory(
        status=MembershipRequest.Status.CONFIRMED,
        organisation_name="Stadtteilladen Heven e.V.",
        contact_email="mara@stadtteilladen.example.org",
    )
    services.membership_request_reject(request=old, by=reviewer, reason="Noch nicht im Quartier tätig.")
    response = submit(resident, valid_data(), django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("membership:thanks")
    assert MembershipRequest.objects.count() == 2


@pytest.mark.django_db
def test_after_an_approval_the_organisation_is_a_member(resident, reviewer, django_capture_on_commit_callbacks):
    old = MembershipRequestFactory(
        status=MembershipRequest.Status.CONFIRMED, organisation_name="Stadtteilladen Heven e.V."
    )
    services.membership_request_approve(request=old, by=reviewer)
    response = submit(resident, valid_data(), django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("membership:thanks")
    assert MembershipRequest.objects.count() == 1


@pytest.mark.django_db
def test_confirm_get_only_shows_a_button_and_post_confirms(resident, django_capture_on_commit_callbacks, settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]
    request = MembershipRequestFactory()
    url = reverse("membership:confirm", kwargs={"token": request.token})
    response = resident.get(url)
    assert response.status_code == 200
    assert find_elements(response.content.decode(), "form", method="post")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(url)
    assert response["Location"] == reverse("membership:confirmed")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.CONFIRMED and request.confirmed_at
    assert [m.to for m in mail.outbox] == [["team@example.org"]]
    assert resident.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_reused_token_gets_a_friendly_page(resident):
    request = MembershipRequestFactory(status=MembershipRequest.Status.CONFIRMED)
    url = reverse("membership:confirm", kwargs={"token": request.token})
    for method in (resident.get, resident.post):
        response = method(url)
        assert response.status_code == 410
        (heading,) = find_elements(response.content.decode(), "h1")
        assert text_of(heading)


@pytest.mark.django_db
def test_expired_token_gets_a_friendly_page_and_confirms_nothing(resident, settings):
    request = MembershipRequestFactory()
    MembershipRequest.objects.filter(pk=request.pk).update(
        created_at=request.created_at - timedelta(hours=settings.MEMBERSHIP_CONFIRM_HOURS, minutes=1)
    )
    url = reverse("membership:confirm", kwargs={"token": request.token})
    assert resident.get(url).status_code == 410
    assert resident.post(url).status_code == 410
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["unbekannt", "x" * 300, "%C3%BC%00", "a%00b", "ab%20cd", "%F0%9F%98%80"])
def test_unknown_token_gets_a_friendly_404(resident, token):
    url = f"/mitmachen/bestaetigen/{token}/"
    assert resident.get(url).status_code == 404
    assert resident.post(url).status_code == 404


@pytest.mark.django_db
def test_csrf_is_enforced_on_the_form_and_the_confirmation():
    client = Client(enforce_csrf_checks=True)
    assert client.post(FORM_URL, valid_data()).status_code == 403
    request = MembershipRequestFactory()
    assert client.post(reverse("membership:confirm", kwargs={"token": request.token})).status_code == 403
    assert MembershipRequest.objects.count() == 1
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.SUBMITTED


@pytest.mark.django_db
def test_form_page_query_count_is_fixed(resident, django_assert_max_num_queries):
    DistrictFactory.create_batch(8)
    with django_assert_max_num_queries(3):
        assert resident.get(FORM_URL).status_code == 200


@pytest.mark.django_db
def test_duplicates_and_other_submissions_get_at_most_one_mail_per_address(
    settings, django_capture_on_commit_callbacks
):
    """Whatever is sent with one address within the confirmation window, in whatever
    spelling, for whichever organisation: one mail."""
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 100
    client = Client(REMOTE_ADDR="203.0.113.20")
    for n in range(6):
        email = "Opfer@Example.org" if n % 2 else "opfer@example.org"
        name = "Stadtteilladen Heven e.V." if n < 3 else f"Anderer Verein {n}"
        response = submit(
            client, valid_data(contact_email=email, organisation_name=name), django_capture_on_commit_callbacks
        )
        assert response["Location"] == THANKS
    assert MembershipRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    # After the window, a mail may go out again (here: the link of the pending request).
    cache.clear()
    submit(client, valid_data(contact_email="opfer@example.org"), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_replayed_form_is_refused_in_german_with_the_form_filled_in(resident, django_capture_on_commit_callbacks):
    stamp = old_stamp()
    first = submit(resident, valid_data(stamp=stamp), django_capture_on_commit_callbacks)
    assert first["Location"] == THANKS
    again = submit(
        resident, valid_data(stamp=stamp, contact_email="zweite@example.org"), django_capture_on_commit_callbacks
    )
    html = again.content.decode()
    assert again.status_code == 200
    assert "Dieses Formular wurde bereits gesendet." in html
    assert again.context["form"].errors.as_data()["__all__"][0].code == "stamp_used"
    assert find_elements(html, "input", name="contact_email", value="zweite@example.org")
    assert stamp not in html  # a fresh stamp to send it again
    assert MembershipRequest.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_confirmation_mail_echoes_no_user_written_names(resident, django_capture_on_commit_callbacks):
    """Anyone may type any address: the city's mail to it carries no text the sender
    wrote (no names, so no links or messages smuggled in through them)."""
    submit(
        resident,
        valid_data(
            organisation_name="Gewinn! Jetzt https://evil.example/x öffnen",
            contact_name="Bitte www.evil.example besuchen",
            contact_email="opfer@example.org",
        ),
        django_capture_on_commit_callbacks,
    )
    (message,) = mail.outbox
    assert message.to == ["opfer@example.org"]
    assert "evil" not in message.body and "Gewinn" not in message.body and "besuchen" not in message.body
    assert "evil" not in message.subject
    request = MembershipRequest.objects.get()
    assert f"/mitmachen/bestaetigen/{request.token}/" in message.body
