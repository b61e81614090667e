"""Settings, security headers and staff groups: the foundation every page stands on."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from core.staff_groups import EDITORS, GROUP_PERMISSIONS, REVIEWERS


def _migrated(name):
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db
def test_staff_groups_come_from_the_data_migrations():
    # The migrations carry frozen copies of core.staff_groups: they must agree with it.
    for name, permissions in GROUP_PERMISSIONS.items():
        assert _migrated(name) == set(permissions), name
    editor_codes = {codename for _app, codename in _migrated(EDITORS)}
    assert {
        "change_project",
        "add_projectimage",
        "delete_district",
        "change_sitepage",
        "add_postimage",
        "change_event",
    } <= editor_codes
    assert not any("membershiprequest" in code for code in editor_codes)
    # Reviewers decide requests (never edit them) and look up organisations to link one;
    # they see the mails of their decisions and send one again.
    assert _migrated(REVIEWERS) == {
        ("partners", "view_membershiprequest"),
        ("partners", "review_membershiprequest"),
        ("partners", "view_organisation"),
        ("outbox", "view_outboxmail"),
        ("outbox", "resend_outboxmail"),
    }


def _start(env):
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_without_secret_key():
    result = _start({"PATH": "/usr/bin:/bin", "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_manage_py_names_the_missing_secret_key_instead_of_a_traceback():
    manage = str(settings.BASE_DIR / "manage.py")
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false"}
    result = subprocess.run([sys.executable, manage, "check"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_boolean_is_an_error_not_false():
    result = _start({"PATH": "/usr/bin:/bin", "DEBUG": "ja", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DEBUG='ja' is not a boolean" in result.stderr


def test_debug_start_works_without_secret_key():
    assert _start({"PATH": "/usr/bin:/bin", "DEBUG": "true"}).returncode == 0


# The production HTTPS settings, read from config/settings.py in a fresh process with a
# production environment, so the tests check what production really sends.
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


@pytest.fixture(scope="module")
def production_https_settings():
    code = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
        "from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {HTTPS_SETTINGS!r}}}))"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "SECRET_KEY": "x" * 50, "BEHIND_PROXY": "true"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production_https(settings, production_https_settings):
    for name, value in production_https_settings.items():
        setattr(settings, name, value)
    return settings


PAGES = {
    "public page": "/",
    "404 page": "/diese-seite-gibt-es-nicht/",
    "admin login": "admin:login",
}


def _get(client, page, **extra):
    path = PAGES[page]
    expected = 404 if page == "404 page" else 200
    response = client.get(reverse(path) if ":" in path else path, **extra)
    assert response.status_code == expected
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_security_headers_on_every_response(resident, settings, page):
    response = _get(resident, page)
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_permissions_policy_names_only_features_browsers_know():
    from django.conf import settings

    # FLoC's "interest-cohort" was dropped by Chrome, which now logs it as unrecognised.
    features = [part.split("=")[0].strip() for part in settings.PERMISSIONS_POLICY.split(",")]
    assert "interest-cohort" not in features
    assert {"camera", "microphone", "geolocation"} <= set(features)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_hsts_over_https_with_the_production_settings(resident, production_https, page):
    response = _get(resident, page, secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_hsts_behind_the_reverse_proxy(resident, production_https):
    response = resident.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_without_hsts(resident, production_https):
    response = resident.get("/quartiere/")
    assert response.status_code == 301
    assert response.url == "https://testserver/quartiere/"
    assert "Strict-Transport-Security" not in response.headers  # HSTS only counts over HTTPS


def _policy_warnings(context, url):
    """The Permissions-Policy complaints Chromium logs while a fresh tab loads ``url``."""
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto(url)
    assert response.status == 200
    page.close()
    return [text for text in messages if "Permissions-Policy" in text]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_accepts_the_permissions_policy(browser_page, live_server, settings):
    policy = settings.PERMISSIONS_POLICY
    # First show that Chromium does complain of a feature it does not know ...
    settings.PERMISSIONS_POLICY = policy + ", no-such-feature=()"
    complaints = _policy_warnings(browser_page.context, live_server.url + "/")
    assert any("no-such-feature" in text for text in complaints), complaints
    # ... and then that it has nothing to say about the portal's own policy.
    settings.PERMISSIONS_POLICY = policy
    assert _policy_warnings(browser_page.context, live_server.url + "/") == []
