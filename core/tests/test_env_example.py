"""`.env.example` names every variable of README's Configuration table, no other, and its
values are production-safe: `check --deploy` passes with them, and without a SECRET_KEY
of one's own the portal does not start."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_variables():
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def example_values():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, raw = line.partition("=")
            (values[name],) = shlex.split(raw) or [""]
    return values


def manage(*args, **env):
    base = {"PATH": os.environ["PATH"], **example_values(), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_every_variable_of_the_readme_and_no_other():
    assert len(readme_variables()) > 30
    assert set(example_values()) == readme_variables()


def test_check_deploy_passes_with_the_example_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="x" * 50 + "-not-the-example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_secret_key_is_empty_so_the_portal_does_not_start_with_it():
    assert example_values()["SECRET_KEY"] == ""
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
