"""`contact archive|restore`, `contact list --archived` and `contact delete` through the real CLI (CLI.md).

Archived contacts keep their history and leave every list and reminder (and the calendar file); an
unknown or already archived contact is exit 1 with `error:` and nothing written.
"""

from __future__ import annotations

import json
import sqlite3

import icalendar


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _json(result):
    return json.loads(_ok(result))


def _dump(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def test_archive_and_restore_through_the_cli(cli, db_path, tmp_path):
    ana = _json(cli("contact", "add", "Ana Lima", "--email", "ana@example.org", "--every", "30", "--json"))["id"]
    bob = _json(cli("contact", "add", "Bob Smith", "--json"))["id"]
    _ok(cli("favour", "ana@example.org", "introduced me to Dan", "--on", "2026-03-01"))
    _ok(cli("log", "Ana Lima", "call", "--on", "2026-03-02", "--note", "catch-up"))
    assert {r["kind"] for r in _json(cli("reminders", "--json")) if r["contact_id"] == ana} == \
        {"thank-you", "keep-in-touch"}

    assert _ok(cli("contact", "archive", "ana lima")).strip() == f"archived Ana Lima (id {ana})"

    assert [c["id"] for c in _json(cli("contact", "list", "--json"))] == [bob]
    assert _json(cli("contact", "list", "--search", "lima", "--json")) == []
    listed = _json(cli("contact", "list", "--archived", "--json"))
    assert [(c["id"], c["name"]) for c in listed] == [(ana, "Ana Lima")] and listed[0]["archived_on"]
    assert not [r for r in _json(cli("reminders", "--json")) if r["contact_id"] == ana]
    assert {r["status"] for r in _json(cli("reminders", "--all", "--json")) if r["contact_id"] == ana} == \
        {"cancelled"}
    shown = _json(cli("contact", "show", "ana@example.org", "--json"))  # still found, history kept
    assert [i["note"] for i in shown["interactions"]] == ["catch-up"] and shown["favours"]
    ics = tmp_path / "cal.ics"
    _ok(cli("export-ics", str(ics)))
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    hers = [e for e in calendar.walk("VEVENT") if "Ana Lima" in str(e["SUMMARY"])]
    assert hers and {str(e["STATUS"]) for e in hers} == {"CANCELLED"}

    before = _dump(db_path)
    again = cli("contact", "archive", str(ana))
    assert again.returncode == 1 and again.stderr.startswith("error: ") and "already archived" in again.stderr
    unknown = cli("contact", "archive", "Nobody Here")
    assert unknown.returncode == 1 and unknown.stderr.startswith("error: ")
    assert _dump(db_path) == before

    assert _ok(cli("contact", "restore", str(ana))).strip() == f"restored Ana Lima (id {ana})"
    assert {c["id"] for c in _json(cli("contact", "list", "--json"))} == {ana, bob}
    assert {r["kind"] for r in _json(cli("reminders", "--json")) if r["contact_id"] == ana} == \
        {"thank-you", "keep-in-touch"}
    not_archived = cli("contact", "restore", str(ana))
    assert not_archived.returncode == 1 and "not archived" in not_archived.stderr


def test_delete_for_good_needs_yes(cli, db_path):
    ana = _json(cli("contact", "add", "Ana Lima", "--json"))["id"]
    _ok(cli("favour", str(ana), "a favour", "--on", "2026-03-01"))
    before = _dump(db_path)
    refused = cli("contact", "delete", str(ana))
    assert refused.returncode == 1 and "--yes" in refused.stderr and _dump(db_path) == before
    assert _ok(cli("contact", "delete", str(ana), "--yes")).startswith(f"deleted Ana Lima (id {ana})")
    assert _json(cli("contact", "list", "--json")) == []
    assert cli("contact", "show", str(ana)).returncode == 1
