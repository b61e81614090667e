"""Error mails: at most one per distinct error per ERROR_MAIL_THROTTLE_MINUTES, and no
personal data from the membership form (or any POSTed form) in an error report."""

import logging
import sys

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter

from partners.membership import spam
from partners.tests.test_membership_public import valid_data

PERSONAL = ("Mara Yilmaz", "mara@stadtteilladen.example.org", "02302 123456", "Herbeder Straße 12")


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Admin", "it@example.org")]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def failing_form(monkeypatch):
    """The membership form fails after its checks (e.g. the cache is unreachable)."""

    def broken(request, now=None):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(spam, "take_slot", broken)


def _post_form(client):
    response = client.post("/mitmachen/", valid_data())
    assert response.status_code == 500
    return response


@pytest.mark.django_db
def test_fifty_errors_send_one_mail(admins, failing_form):
    client = Client(raise_request_exception=False)
    for _request in range(50):
        _post_form(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["it@example.org"]
    assert "ConnectionError" in mail.outbox[0].body


@pytest.mark.django_db
def test_another_error_gets_its_own_mail(admins, failing_form):
    client = Client(raise_request_exception=False)
    for _request in range(3):
        _post_form(client)
    try:
        raise ValueError("something else")
    except ValueError:
        logging.getLogger("django.request").error("Another error", exc_info=True)
    assert len(mail.outbox) == 2
    assert "ValueError" in mail.outbox[1].body


@pytest.mark.django_db
def test_a_membership_form_error_report_holds_none_of_the_personal_values(admins, failing_form):
    client = Client(raise_request_exception=False)
    _post_form(client)
    assert len(mail.outbox) == 1
    report = mail.outbox[0].body
    assert "contact_email" in report  # the field names stay, for the diagnosis
    for value in PERSONAL:
        assert value not in report
        assert value.replace(" ", "+") not in report


@pytest.mark.django_db
def test_the_html_report_of_a_public_form_hides_the_local_variables_too(settings):
    request = RequestFactory().post("/mitmachen/", valid_data())

    def view(request):
        contact = request.POST["contact_name"]  # noqa: F841 - a local the report would show
        raise RuntimeError("broken")

    try:
        view(request)
    except RuntimeError:
        html = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    for value in PERSONAL:
        assert value not in html
        assert value.replace(" ", "+") not in html
