"""Concurrency against PostgreSQL (CI runs it there): parallel submissions all land
once, and a token or a decision wins exactly once although threads race for it."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from partners import services
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
