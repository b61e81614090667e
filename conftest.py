"""Shared fixtures: personas (healthchecks' habit: every test says who acts), media in a
temporary folder, and a headless Chromium for browser tests."""

import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from core.staff_groups import EDITORS, REVIEWERS, sync_staff_groups
from core.testing import CHROMIUM_ARGS, DESKTOP, chromium_or_skip

PASSWORD = "ein-langes-Test-Passwort-2026"

# Collection runs at one fixed moment: a parameter computed when a module is imported (a
# signed stamp, say) is then the same in both pytest-xdist workers, which must collect the
# same tests. The tests themselves run on the real clock, or on one they move (freeze_day).
COLLECTION_MOMENT = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    traveller = time_machine.travel(COLLECTION_MOMENT, tick=False)
    traveller.start()
    try:
        return (yield)
    finally:
        traveller.stop()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_TRASH_ROOT = tmp_path / "media-trash"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Every persona fixture hashes a password: the production hasher costs ~0.2 s a user.
    # MD5 is fine for throw-away test users and never configured outside the tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache holds state between requests (rate limit, used form stamps, the one mail
    # per address of the membership form): each test starts without it.
    from django.core.cache import caches

    for alias in caches.settings:  # "default" and the page cache
        caches[alias].clear()


@pytest.fixture
def freeze_day(time_machine, settings):
    """``freeze_day(date)``: the clock jumps to noon of that day in the portal's time zone
    (and runs on from there), so no test sees the date change at midnight. Modules that
    compare with a ``TODAY`` set it to a fixed day and call this in an autouse fixture."""

    def freeze(day):
        noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        time_machine.move_to(noon)

    return freeze


@pytest.fixture
def staff_groups(db):
    # Transactional tests (live_server) flush the data migration's groups; make them again.
    return sync_staff_groups(Group, Permission)


def _staff_user(django_user_model, username, groups=(), **extra):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, is_staff=True, **extra
    )
    user.groups.set(groups)
    return user


@pytest.fixture
def resident(client):
    """An anonymous visitor of the public pages."""
    return client


@pytest.fixture
def editor(django_user_model, staff_groups):
    """A member of staff in the group "Redaktion": edits content."""
    return _staff_user(django_user_model, "redaktion", [staff_groups[EDITORS]])


@pytest.fixture
def reviewer(django_user_model, staff_groups):
    """A member of staff in the group "Prüfung": decides membership requests."""
    return _staff_user(django_user_model, "pruefung", [staff_groups[REVIEWERS]])


@pytest.fixture
def admin_user(django_user_model):
    """A superuser."""
    return _staff_user(django_user_model, "admin", is_superuser=True)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture(scope="session")
def chromium():
    executable = chromium_or_skip()
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # test itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser tab (desktop size, German) against the live test server.
    ``page.requested_urls`` lists every URL the page asked for."""
    context = chromium.new_context(locale="de-DE", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()
