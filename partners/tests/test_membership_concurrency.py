"""Concurrency against PostgreSQL (CI runs it there): parallel submissions all land
once, the same organisation sent in parallel lands once with at most one mail per
address, the rate limit holds for parallel POSTs, a fill-time stamp is used once, and a
token or a decision wins exactly once although threads race for it."""

import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from partners.membership import services, spam
from partners.models import MembershipRequest
from partners.tests.factories import MembershipRequestFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL"
)

Status = MembershipRequest.Status


def run_in_threads(count, work):
    """Start ``count`` threads at once; each runs ``work(n)`` on its own database
    connection, closed at the end. Returns the results (or raised exceptions) by n."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(n):
        try:
            barrier.wait()
            results[n] = work(n)
        except Exception as error:
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def data(n):
    return {
        "organisation_name": f"Paralleler Verein {n}",
        "organisation_kind": "verein",
        "website": "",
        "street": "Bahnhofstraße 1",
        "postcode": "58452",
        "city": "Witten",
        "districts": [],
        "offer": "Angebote",
        "contact_name": f"Person {n}",
        "contact_email": f"person{n}@example.org",
        "contact_phone": "",
        "consent": True,
    }


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_confirmed_submissions_all_land_once(settings):
    settings.MEMBERSHIP_NOTIFY_EMAILS = ["team@example.org"]

    def work(n):
        result = services.membership_request_submit(data=data(n))
        services.membership_request_confirm(token=result.request.token)
        return result.request.pk

    results = run_in_threads(50, work)
    assert all(isinstance(pk, int) for pk in results), results
    assert len(set(results)) == 50
    requests = MembershipRequest.objects.all()
    assert requests.count() == 50
    assert set(requests.values_list("status", flat=True)) == {Status.CONFIRMED}
    assert requests.values("organisation_name").distinct().count() == 50
    assert len(mail.outbox) == 100  # 50 confirmation links, 50 staff notices


# One organisation as ten people might write it, and one contact address likewise.
SAME_NAME = ["Stadtteilverein Witten-Annen", "stadtteilverein witten-annen", "  STADTTEILVEREIN   Witten-Annen "]
SAME_EMAIL = ["kim@example.org", "Kim@Example.org", "KIM@example.org"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("field", "spellings"), [("organisation_name", SAME_NAME), ("contact_email", SAME_EMAIL)])
def test_ten_parallel_submissions_of_the_same_request_land_once(field, spellings):
    results = run_in_threads(
        10, lambda n: services.membership_request_submit(data={**data(n), field: spellings[n % len(spellings)]})
    )
    outcomes = [getattr(result, "outcome", result) for result in results]
    assert sorted(outcomes) == ["created"] + ["pending"] * 9, results
    created = next(result.request for result in results if result.outcome == "created")
    assert {result.request.pk for result in results} == {created.pk}
    assert MembershipRequest.objects.count() == 1
    # One mail per address: the link to the first, a notice to each other address given
    # (never a second mail to the first address).
    addresses = sorted(address.casefold() for m in mail.outbox for address in m.to)
    assert addresses == sorted(set(addresses)), addresses
    if field == "contact_email":
        assert len(mail.outbox) == 1 and created.token in mail.outbox[0].body
    else:
        assert len(mail.outbox) == 10
        assert [m for m in mail.outbox if created.token in m.body] == [
            m for m in mail.outbox if m.to == [created.contact_email]
        ]


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_duplicate_posts_save_one_request_and_send_at_most_one_mail(settings):
    """The same form sent 50 times at once (each with its own fill-time stamp, from
    different addresses, so neither the stamp nor the rate limit stops them)."""
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0
    cache.clear()
    stamps = [spam.make_stamp(now=time.time() - 10 - n / 1000) for n in range(50)]
    assert len(set(stamps)) == 50

    def work(n):
        form = {**data(0), "consent": "on", "stamp": stamps[n], "homepage": ""}
        del form["districts"]
        return Client(REMOTE_ADDR=f"203.0.113.{n + 100}").post("/mitmachen/", form)

    responses = run_in_threads(50, work)
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 50, responses
    assert {r["Location"] for r in responses} == {"/mitmachen/danke/"}
    assert MembershipRequest.objects.count() == 1
    assert len(mail.outbox) <= 1 and [m.to for m in mail.outbox] == [["person0@example.org"]]
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_stamp_replayed_in_parallel_is_used_once(settings):
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0
    cache.clear()
    stamp = spam.make_stamp(now=time.time() - 10)

    def work(n):
        form = {**data(n), "consent": "on", "stamp": stamp, "homepage": ""}
        del form["districts"]
        return Client(REMOTE_ADDR=f"203.0.113.{n + 100}").post("/mitmachen/", form).status_code

    results = run_in_threads(10, work)
    assert sorted(results) == [200] * 9 + [302], results
    assert MembershipRequest.objects.count() == 1 and len(mail.outbox) == 1
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_for_parallel_posts(settings):
    settings.MEMBERSHIP_RATE_LIMIT_PER_HOUR = 3
    settings.MEMBERSHIP_MIN_FILL_SECONDS = 0
    cache.clear()
    # Each form its own stamp: a stamp is used once.
    stamps = [spam.make_stamp(now=time.time() - 10 - n / 1000) for n in range(10)]

    def work(n):
        form = {**data(n), "organisation_kind": "verein", "consent": "on", "stamp": stamps[n], "homepage": ""}
        del form["districts"]
        return Client(REMOTE_ADDR="203.0.113.50").post("/mitmachen/", form).status_code

    results = run_in_threads(10, work)
    assert sorted(results) == [302] * 3 + [429] * 7, results
    assert MembershipRequest.objects.count() == 3
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_ten_threads_confirming_the_same_token_succeed_exactly_once():
    request = MembershipRequestFactory()
    results = run_in_threads(10, lambda n: services.membership_request_confirm(token=request.token))
    successes = [r for r in results if isinstance(r, MembershipRequest)]
    refusals = [r for r in results if isinstance(r, services.AlreadyConfirmed)]
    assert len(successes) == 1 and len(refusals) == 9, results
    assert len(mail.outbox) == 1
    assert MembershipRequest.history.filter(id=request.pk, status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_decisions_only_one_wins(reviewer):
    request = MembershipRequestFactory(status=Status.CONFIRMED)

    def work(n):
        if n % 2:
            return services.membership_request_reject(request=request, by=reviewer, reason="Grund")
        return services.membership_request_approve(request=request, by=reviewer)

    results = run_in_threads(8, work)
    successes = [r for r in results if isinstance(r, MembershipRequest)]
    assert len(successes) == 1, results
    assert all(isinstance(r, services.NotReviewable) for r in results if r not in successes)
    request.refresh_from_db()
    assert request.status == successes[0].status
    assert len(mail.outbox) == 1
