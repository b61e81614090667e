"""EMAIL_TIMEOUT comes from the environment, with a default: without it Django's SMTP
connection waits for a hanging server for ever (the worker is killed after 30 s)."""

import subprocess
import sys

import pytest
from django.conf import settings


def _email_timeout(**env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
        "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    )
    environment = {"PATH": "/usr/bin:/bin", "DEBUG": "true", **env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(("env", "expected"), [({}, "10"), ({"EMAIL_TIMEOUT": "1"}, "1")])
def test_email_timeout_is_read_from_the_environment(env, expected):
    assert _email_timeout(**env) == expected


def test_an_unreadable_email_timeout_stops_the_start():
    with pytest.raises(subprocess.CalledProcessError) as error:
        _email_timeout(EMAIL_TIMEOUT="zehn")
    assert "EMAIL_TIMEOUT" in error.value.stderr
