"""A new cadence starts now (issue 19 item 11), through the real CLI on a real store.

Setting "every 30 days" on someone last seen in 2024 (their own cadence, or a tag's) makes the first
keep-in-touch due 30 days from today, not two years overdue; a touch-point after that counts as usual,
and a contact that already had a cadence keeps counting from its last touch-point.
"""

from __future__ import annotations

import datetime as dt
import json


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _ok(result) -> None:
    assert result.returncode == 0, result.stderr


def _due(cli, contact_id: int) -> str | None:
    found = [r["due"] for r in _json(cli("reminders", "--json")) if r["kind"] == "keep-in-touch"
             and r["contact_id"] == contact_id]
    return found[0] if found else None


def test_a_new_cadence_is_first_due_a_cadence_from_today(cli):
    today = dt.date.today()
    ana = _json(cli("contact", "add", "Ana Lima", "--met-on", "2024-01-05", "--json"))["id"]
    bob = _json(cli("contact", "add", "Bob Smith", "--met-on", "2024-02-01", "--tag", "team", "--json"))["id"]
    cid = _json(cli("contact", "add", "Cid Coe", "--met-on", "2024-03-01", "--every", "7", "--tag", "team",
                    "--json"))["id"]
    _ok(cli("log", "Ana Lima", "call", "--on", "2024-06-01"))
    assert _due(cli, ana) is None and _due(cli, cid) == "2024-03-08"  # set at creation: from met-on

    _ok(cli("contact", "set", "Ana Lima", "--every", "30"))
    assert _due(cli, ana) == (today + dt.timedelta(days=30)).isoformat()

    _ok(cli("tag", "every", "team", "45"))
    assert _due(cli, bob) == (today + dt.timedelta(days=45)).isoformat()
    assert _due(cli, cid) == "2024-03-08"  # it had a cadence: nothing new started

    later = today + dt.timedelta(days=3)  # a touch-point after the start counts from itself
    _ok(cli("log", "Ana Lima", "call", "--on", later.isoformat()))
    assert _due(cli, ana) == (later + dt.timedelta(days=30)).isoformat()
