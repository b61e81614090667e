"""The commit-msg hook (scripts/check-commit-msg) refuses subjects over 72 characters."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check-commit-msg"


def check(tmp_path, message):
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(message, encoding="utf-8")
    return subprocess.run([sys.executable, SCRIPT, path], capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(
    "message",
    [
        "x" * 72,
        "Ä" * 72 + "\n",  # characters count, not bytes
        "Short subject\n\nA body line may be longer than the subject: " + "y" * 100 + "\n",
        "# a comment git strips\n" + "z" * 72 + "\n",
    ],
)
def test_accepts_a_subject_of_at_most_72_characters(tmp_path, message):
    result = check(tmp_path, message)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("message", ["x" * 73, "Ü" * 73 + "\n\nBody.", "# comment\n" + "z" * 80])
def test_refuses_a_longer_subject(tmp_path, message):
    result = check(tmp_path, message)
    assert result.returncode == 1
    assert "at most 72" in result.stderr


@pytest.mark.parametrize("message", ["", "\n\n", "# only a comment\n"])
def test_refuses_a_message_without_subject(tmp_path, message):
    result = check(tmp_path, message)
    assert result.returncode == 1
    assert "no subject" in result.stderr
