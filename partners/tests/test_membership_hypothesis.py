"""Whatever is typed into the membership form: never a 500."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.membership import spam
from partners.membership.forms import MembershipRequestForm
from partners.models import MembershipRequest

# Every field of the form, and the honeypot a bot would fill.
FIELDS = [*MembershipRequestForm.Meta.fields, "homepage"]

# Any unicode including control characters (NUL is sent too: Django refuses it politely),
# very long values, and some values that nearly pass.
text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),
    st.text(min_size=1000, max_size=5000),
    st.sampled_from(["58452", "verein", "on", "mara@example.org", "https://example.org", "1", "-1", "' OR 1=1 --"]),
    st.emails(),
)


@pytest.mark.django_db
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS), text), valid_stamp=st.booleans())
def test_any_input_gets_an_answer_never_a_500(data, valid_stamp):
    cache.clear()
    if valid_stamp:
        data["stamp"] = spam.make_stamp(now=time.time() - 10)
    before = MembershipRequest.objects.count()
    response = Client().post("/mitmachen/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert MembershipRequest.objects.count() == before


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(min_size=1, max_size=200),
    contact=st.text(min_size=1, max_size=150),
    offer=st.text(min_size=1, max_size=3000),
    email=st.emails(),
)
def test_nearly_valid_input_with_any_names_is_saved_or_refused_politely(name, contact, offer, email):
    cache.clear()
    data = {
        "organisation_name": name,
        "organisation_kind": "verein",
        "street": "Ruhrstraße 1",
        "postcode": "58452",
        "city": "Witten",
        "offer": offer,
        "contact_name": contact,
        "contact_email": email,
        "consent": "on",
        "stamp": spam.make_stamp(now=time.time() - 10),
    }
    # The e-mail with the confirmation link is sent too (after the commit).
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = Client().post("/mitmachen/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == "/mitmachen/danke/"
