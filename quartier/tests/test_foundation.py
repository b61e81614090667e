"""Settings, security headers and staff groups: the foundation every page stands on."""

import subprocess
import sys

import pytest
from django.contrib.auth.models import Group

from quartier.staff_groups import EDITORS, REVIEWERS


@pytest.mark.django_db
def test_staff_groups_come_from_the_data_migration():
    editors = Group.objects.get(name=EDITORS)
    reviewers = Group.objects.get(name=REVIEWERS)
    editor_codes = set(editors.permissions.values_list("codename", flat=True))
    reviewer_codes = set(reviewers.permissions.values_list("codename", flat=True))
    assert {"change_project", "add_projectimage", "delete_district", "change_sitepage"} <= editor_codes
    assert not any("membershiprequest" in code for code in editor_codes)
    assert reviewer_codes == {
        "view_membershiprequest",
        "change_membershiprequest",
        "review_membershiprequest",
        "view_organisation",
        "view_district",
    }


def _start(env):
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='quartier.settings'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_without_secret_key():
    result = _start({"PATH": "/usr/bin:/bin", "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_is_an_error_not_false():
    result = _start({"PATH": "/usr/bin:/bin", "DEBUG": "ja", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DEBUG='ja' is not a boolean" in result.stderr


def test_debug_start_works_without_secret_key():
    assert _start({"PATH": "/usr/bin:/bin", "DEBUG": "true"}).returncode == 0


@pytest.mark.django_db
def test_security_headers_on_every_response(resident, settings):
    response = resident.get("/verwaltung/login/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
