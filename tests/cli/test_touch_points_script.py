"""A favour received and thanks given are touch-points (issue 19 item 10), through the real CLI.

They set "last contacted" and restart the keep-in-touch clock, like a logged interaction does; the
latest of the three wins, whichever order they are recorded in.
"""

from __future__ import annotations

import json


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _ok(result) -> None:
    assert result.returncode == 0, result.stderr


def _kit(cli, contact_id: int) -> dict:
    return next(r for r in _json(cli("reminders", "--json")) if r["kind"] == "keep-in-touch"
                and r["contact_id"] == contact_id)


def test_favour_and_thanks_restart_the_keep_in_touch_clock(cli):
    ana = _json(cli("contact", "add", "Ana Lima", "--met-on", "2026-01-05", "--every", "30", "--json"))["id"]
    assert _kit(cli, ana)["due"] == "2026-02-04"

    _ok(cli("favour", "Ana Lima", "introduced me to Dan", "--on", "2026-03-01"))
    shown = _json(cli("contact", "show", str(ana), "--json"))
    assert shown["last_contacted"] == "2026-03-01"
    first = _kit(cli, ana)
    assert first["due"] == "2026-03-31"

    _ok(cli("thank", "Ana Lima", "--on", "2026-03-04", "--note", "sent a card"))
    assert _json(cli("contact", "show", str(ana), "--json"))["last_contacted"] == "2026-03-04"
    moved = _kit(cli, ana)
    assert (moved["uid"], moved["due"]) == (first["uid"], "2026-04-03")

    _ok(cli("log", "Ana Lima", "call", "--on", "2026-02-01"))  # an older call does not move it back
    assert _json(cli("contact", "show", str(ana), "--json"))["last_contacted"] == "2026-03-04"
    _ok(cli("log", "Ana Lima", "call", "--on", "2026-03-10"))
    assert _kit(cli, ana)["due"] == "2026-04-09"
    listed = _json(cli("contact", "list", "--json"))
    assert [c["last_contacted"] for c in listed] == ["2026-03-10"]
