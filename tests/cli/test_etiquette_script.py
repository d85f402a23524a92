"""Issue 3's acceptance script, through the real CLI in subprocesses, with fixed dates (CLI.md).

Every rule's reminder appears with the right kind, contact and due date and closes when its reason is
met; logging moves keep-in-touch forward on the same uid; asks trip each guard warning alone;
check-letter names exactly the contacts without permission; goals count the month; uids are stable;
bad values exit 1 with `error:` and change nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import icalendar
import pytest

pytestmark = pytest.mark.slow


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _json(result):
    return json.loads(_ok(result))


def _dump(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def _reminders(cli, *extra) -> list[dict]:
    return _json(cli("reminders", "--all", "--json", *extra))


def _one(rows: list[dict], kind: str, contact_id: int, **match) -> dict:
    found = [r for r in rows if r["kind"] == kind and r["contact_id"] == contact_id
             and all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (kind, contact_id, rows)
    return found[0]


def _add(cli, name: str, *args: str) -> int:
    return _json(cli("contact", "add", name, "--json", *args))["id"]


def test_every_rule_through_the_cli(cli, db_path, tmp_path):
    ana = _add(cli, "Ana Lima", "--every", "30", "--met-on", "2026-01-05", "--how-met", "at PyCon Lisbon",
               "--org", "Acme", "--title", "CTO")
    bob = _add(cli, "Bob Smith", "--met-on", "2026-01-20")
    carol = _add(cli, "Carol Jones", "--met-on", "2026-02-01", "--tag", "team")

    # favour → thank-you (D + 2) until thanks are recorded
    _ok(cli("favour", "Ana Lima", "introduced me to Dan", "--on", "2026-03-01"))
    thank_ana = _one(_reminders(cli), "thank-you", ana)
    assert (thank_ana["due"], thank_ana["status"]) == ("2026-03-03", "open")

    # keep-in-touch: the last touch-point + 30 (the favour received, issue 19; met-on + 30 before it);
    # a logged interaction moves the same uid forward
    kit = _one(_reminders(cli), "keep-in-touch", ana)
    assert kit["due"] == "2026-03-31"
    _ok(cli("log", "Ana Lima", "call", "--on", "2026-03-08", "--note", "catch-up"))
    moved = _one(_reminders(cli), "keep-in-touch", ana)
    assert (moved["uid"], moved["due"], moved["status"]) == (kit["uid"], "2026-04-07", "open")
    assert moved["sequence"] > kit["sequence"]
    _ok(cli("thank", "Ana Lima", "--on", "2026-03-02"))
    assert _one(_reminders(cli), "thank-you", ana)["status"] == "done"

    # lead → thank-you (D + 2) and follow-up (D + 3); outcome → close-the-loop (D + 2) until reported
    lead = _json(cli("lead", "add", "Bob Smith", "a job at Initech", "--on", "2026-03-02", "--json"))["id"]
    rows = _reminders(cli)
    assert _one(rows, "thank-you", bob)["due"] == "2026-03-04"
    assert _one(rows, "follow-up", bob)["due"] == "2026-03-05"
    _ok(cli("lead", "outcome", str(lead), "got an interview", "--on", "2026-03-06"))
    rows = _reminders(cli)
    assert _one(rows, "follow-up", bob)["status"] == "done"
    loop = _one(rows, "close-the-loop", bob)
    assert (loop["due"], loop["status"]) == ("2026-03-08", "open")
    _ok(cli("lead", "reported", str(lead), "--on", "2026-03-07"))
    _ok(cli("thank", "Bob Smith", "--on", "2026-03-07"))
    rows = _reminders(cli)
    assert _one(rows, "close-the-loop", bob)["status"] == "done"
    assert _one(rows, "thank-you", bob)["status"] == "done"

    # refer B to C → expect-call (C, D) and check-back (B, D + 14); both close by `done`
    _ok(cli("refer", "Bob Smith", "--to", "Carol Jones", "--on", "2026-03-06"))
    rows = _reminders(cli)
    expect, check = _one(rows, "expect-call", carol), _one(rows, "check-back", bob)
    assert (expect["due"], check["due"]) == ("2026-03-06", "2026-03-20")
    _ok(cli("done", str(expect["id"])))
    _ok(cli("snooze", str(check["id"]), "--until", "2026-03-25"))
    rows = _reminders(cli)
    assert _one(rows, "expect-call", carol)["status"] == "done"
    assert (_one(rows, "check-back", bob)["status"], _one(rows, "check-back", bob)["due"]) == ("snoozed", "2026-03-25")

    # tag cadence; a contact's own cadence wins; none goes back to the tag's. Carol had no cadence: the
    # tag's starts today (issue 19: a new cadence is first due a cadence from the day it is set)
    started = dt.date.today()
    _ok(cli("tag", "every", "team", "45"))
    assert _one(_reminders(cli), "keep-in-touch", carol)["due"] == (started + dt.timedelta(days=45)).isoformat()
    _ok(cli("contact", "set", "Carol Jones", "--every", "10"))
    assert _one(_reminders(cli), "keep-in-touch", carol)["due"] == (started + dt.timedelta(days=10)).isoformat()
    _ok(cli("contact", "set", "Carol Jones", "--every", "none"))
    assert _one(_reminders(cli), "keep-in-touch", carol)["due"] == (started + dt.timedelta(days=45)).isoformat()
    _ok(cli("tag", "every", "team", "none"))
    assert _one(_reminders(cli), "keep-in-touch", carol)["status"] == "cancelled"

    # meeting → prepare the day before, carrying the brief (a meeting ahead: one whose day is over gets
    # none, issue 19)
    meeting_day = started + dt.timedelta(days=10)
    meeting = _json(cli("meeting", "add", "Ana Lima", "--at", f"{meeting_day.isoformat()}T10:00", "--referred-by",
                        "Bob Smith", "--purpose", "talk about the data team", "--json"))["id"]
    prepare = _one(_reminders(cli), "prepare", ana)
    assert prepare["due"] == (meeting_day - dt.timedelta(days=1)).isoformat()
    assert prepare["title"] == "Prepare for your meeting with Ana Lima: talk about the data team"
    assert "Bob Smith" in prepare["detail"] and "talk about the data team" in prepare["detail"]
    brief = _ok(cli("meeting", "brief", str(meeting)))
    assert "Referral chain: Bob Smith → Ana Lima" in brief and "CTO at Acme" in brief
    _ok(cli("done", str(prepare["id"])))
    assert _one(_reminders(cli), "prepare", ana)["status"] == "done"

    # uids stay the same across repeated derivations and exports
    first = {r["id"]: r["uid"] for r in _reminders(cli)}
    ics_a, ics_b = tmp_path / "a.ics", tmp_path / "b.ics"
    _ok(cli("export-ics", str(ics_a)))
    _ok(cli("log", "Bob Smith", "email", "--on", "2026-03-09"))
    _ok(cli("export-ics", str(ics_b)))
    assert {r["id"]: r["uid"] for r in _reminders(cli)} == first
    uids = [{str(c["UID"]) for c in icalendar.Calendar.from_ical(p.read_bytes()).walk() if c.name == "VEVENT"}
            for p in (ics_a, ics_b)]
    assert set(first.values()) <= uids[0] and uids[0] == uids[1]


def test_asks_trip_each_warning_alone(cli):
    dan = _add(cli, "Dan Brown")
    _add(cli, "Eve Adams")

    first = cli("ask", "Dan Brown", "--purpose", "an intro to Initech", "--on", "2026-01-10", "--json")
    assert _json(first)["warnings"] == [] and "warning:" not in first.stderr

    _ok(cli("give", "Dan Brown", "an article on Rust", "--on", "2026-01-12"))
    _ok(cli("give", "Dan Brown", "a conference ticket", "--kind", "event", "--on", "2026-01-15"))
    second = cli("ask", "Dan Brown", "--purpose", "feedback on my CV", "--on", "2026-01-20", "--json")
    [warning] = _json(second)["warnings"]
    assert "open ask" in warning
    assert second.stderr.count("warning:") == 1 and "open ask" in second.stderr

    _ok(cli("ask", "resolve", "1", "granted", "--on", "2026-01-21"))
    _ok(cli("ask", "resolve", "2", "declined", "--on", "2026-01-22"))
    third = _json(cli("ask", "Dan Brown", "--purpose", "a reference", "--on", "2026-02-01", "--json"))
    [warning] = third["warnings"]
    assert "2 asks" in warning and "90 days" in warning

    # a declined ask still suggests a thank-you
    declined = _one(_reminders(cli), "thank-you", dan, due="2026-01-24")
    assert declined["status"] == "open"

    _ok(cli("ask", "Eve Adams", "--purpose", "a coffee chat", "--on", "2025-06-01"))
    _ok(cli("ask", "resolve", "4", "granted", "--on", "2025-06-02"))
    fourth = _json(cli("ask", "Eve Adams", "--purpose", "an intro", "--on", "2026-01-10", "--json"))
    [warning] = fourth["warnings"]
    assert "outweigh" in warning


def test_check_letter_and_goals(cli, tmp_path):
    _add(cli, "Ana Lima", "--met-on", "2026-01-05")
    _add(cli, "Bob Smith", "--met-on", "2026-01-20")
    dan = _add(cli, "Dan Brown", "--met-on", "2026-01-31")
    _add(cli, "Carol Jones", "--met-on", "2026-02-01")
    zoe = _add(cli, "Zoë Ångström", "--met-on", "2025-12-31")
    _ok(cli("contact", "set", str(dan), "--name-ok"))
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir,\nANA LIMA and bob   smith suggested I write; so did Dan Brown.\n"
                      "Carol mentioned you too, as did zoe angstrom.\n", encoding="utf-8")
    named = _json(cli("check-letter", str(letter), "--json"))
    assert sorted(c["name"] for c in named) == ["Ana Lima", "Bob Smith", "Zoë Ångström"]
    assert all(c["name_ok"] is False for c in named)
    _ok(cli("contact", "set", str(zoe), "--name-ok"))
    assert sorted(c["name"] for c in _json(cli("check-letter", str(letter), "--json"))) == ["Ana Lima", "Bob Smith"]

    goals = _json(cli("goals", "--month", "2026-01", "--json"))
    assert (goals["month"], goals["target"], goals["new_contacts"]) == ("2026-01", 3, 3)
    assert _json(cli("goals", "--month", "2026-02", "--json"))["new_contacts"] == 1


def test_bad_values_exit_1_and_change_nothing(cli, db_path):
    _add(cli, "Ana Lima", "--every", "30", "--met-on", "2026-01-05")
    _ok(cli("favour", "Ana Lima", "a favour", "--on", "2026-03-01"))
    before = _dump(db_path)
    for args in (
        ("done", "99999"),
        ("snooze", "99999", "--until", "2026-12-01"),
        ("lead", "outcome", "4242", "hired"),
        ("lead", "reported", "4242"),
        ("log", "Ana Lima", "call", "--on", "2026-02-30"),
        ("favour", "Ana Lima", "x", "--on", "2026-02-30"),
        ("ask", "Ana Lima", "--purpose", ""),
        ("ask", "Ana Lima", "--purpose", "   "),
        ("ask", "resolve", "77", "granted"),
        ("meeting", "add", "Ana Lima", "--at", "2026-02-30T10:00"),
        ("tag", "every", "team", "0"),
        ("contact", "set", "Ana Lima", "--every", "0"),
        ("check-letter", "/nonexistent/letter.txt"),
        ("goals", "--month", "2026-13"),
    ):
        result = cli(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith("error:"), (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert _dump(db_path) == before, args
    assert cli("ask", "resolve", "1", "maybe").returncode == 2


def test_match_and_compose(cli, tmp_path):
    ana = _add(cli, "Ana Lima", "--tag", "climate", "--how-met", "at PyCon Lisbon", "--title", "CTO")
    _add(cli, "Bob Smith", "--org", "Climate Works")
    _add(cli, "Carol Jones", "--org", "Bakery")
    ranked = _json(cli("match", "A new report on climate finance", "--json"))
    assert [m["name"] for m in ranked] == ["Ana Lima", "Bob Smith"]
    drafted = cli("compose", str(ana), "--json")
    message = _json(drafted)
    assert "We met at PyCon Lisbon." in message["text"] and message["warnings"] == []
    bare = cli("compose", "Bob Smith")
    assert bare.returncode == 0 and "warning: how-we-met is empty" in bare.stderr
    template = tmp_path / "template.txt"
    template.write_text("Dear {first_name}, since we met {how_met}: coffee?", encoding="utf-8")
    _ok(cli("compose", "--set-template", str(template)))
    assert _ok(cli("compose", str(ana))).strip() == "Dear Ana, since we met at PyCon Lisbon: coffee?"
    template.write_text("Hi {favourite_colour}", encoding="utf-8")
    refused = cli("compose", "--set-template", str(template))
    assert refused.returncode == 1 and refused.stderr.startswith("error:")
