"""docs/deploy.md is what an administrator types: every command it names exists, every
variable it sets is read by the settings, and the cron line runs."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "docs" / "deploy.md", ROOT / "docs" / "backup.md"]
SETTINGS = (ROOT / "src" / "kausa" / "settings.py").read_text(encoding="utf-8")


def _text() -> str:
    return "\n".join(doc.read_text(encoding="utf-8") for doc in DOCS if doc.exists())


def test_every_kausa_command_in_the_deploy_docs_exists():
    # `kausa <command>` at the start of a line, after a path, or after && ; |
    named = set(re.findall(r"(?:^|bin/|[;&|]\s*)kausa ([a-z][a-z_-]+)", _text(), re.M))
    assert {"migrate", "collectstatic", "scheduler", "rqworker", "backup"} <= named
    commands = get_commands()
    missing = {n for n in named if n.replace("-", "_") not in commands and n not in commands}
    assert not missing, f"docs name commands that do not exist: {missing}"


def test_every_variable_the_deploy_doc_sets_is_read_by_the_settings():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\b(KAUSA_[A-Z0-9_]+?)(?:_FILE)?=", text))
    assert "KAUSA_SITE_URL" in names
    unread = {n for n in names if f'"{n}"' not in SETTINGS and not _read_elsewhere(n)}
    assert not unread, f"deploy.md sets variables nothing reads: {unread}"


def _read_elsewhere(name: str) -> bool:
    return any(
        f'"{name}"' in path.read_text(encoding="utf-8")
        for path in (ROOT / "src" / "kausa" / "core").glob("*.py")
    )


@pytest.mark.django_db
def test_the_documented_cron_line_runs_what_is_due_and_exits():
    line = next(ln for ln in _text().splitlines() if "scheduler --once" in ln and "*/5" in ln)
    assert line.split()[5] == "kausa"  # the user, not root
    assert "/etc/kausa/env" in line and "/srv/kausa/.venv/bin/kausa scheduler --once" in line
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    # every job is due on the first run (the list grows with the apps)
    assert out.getvalue().startswith("Ran: event-reminders, retention, mismatch-reports, ")
