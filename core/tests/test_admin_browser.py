"""The back office in a real browser: the slug fills itself in, umlauts spelt out."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser


def _log_in(page, client, user, live_server):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_prepopulated_slug_spells_umlauts_out(browser_page, client, editor, live_server):
    page = browser_page
    _log_in(page, client, editor, live_server)
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}partners/organisation/add/")
    page.locator("#id_name").press_sequentially("Quartiersbüro Große Straße")
    assert page.input_value("#id_slug") == "quartiersbuero-grosse-strasse"
    assert not [url for url in page.requested_urls if not url.startswith(live_server.url)]
