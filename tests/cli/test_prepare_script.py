"""Prepare reminders through the real CLI (issue 19 item 12): the line says what the meeting is about;
a meeting whose day is over has no open prepare reminder, and its brief is still there."""

from __future__ import annotations

import datetime as dt
import json


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_prepare_reminder_names_the_purpose_and_ends_with_the_meeting(cli):
    today = dt.date.today()
    _json(cli("contact", "add", "Ana Lima", "--json"))
    soon = (today + dt.timedelta(days=3)).isoformat()
    ahead = _json(cli("meeting", "add", "Ana Lima", "--at", f"{soon}T10:00", "--purpose", "advice on Lisbon",
                      "--json"))["id"]
    past = (today - dt.timedelta(days=2)).isoformat()
    over = _json(cli("meeting", "add", "Ana Lima", "--at", f"{past}T10:00", "--purpose", "coffee", "--json"))["id"]

    open_prepares = [r for r in _json(cli("reminders", "--json")) if r["kind"] == "prepare"]
    assert [r["title"] for r in open_prepares] == ["Prepare for your meeting with Ana Lima: advice on Lisbon"]
    assert ahead != over
    brief = cli("meeting", "brief", str(over))
    assert brief.returncode == 0 and "Ana Lima" in brief.stdout
