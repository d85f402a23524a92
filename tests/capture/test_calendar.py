"""`capture calendar FILE.ics`: each past occurrence of a meeting with a contact is logged once."""

from __future__ import annotations

import datetime as dt
import json

from tests.capture.mail_kit import ME, TODAY, add_contact, captured, dump, rows


def stamp(day: dt.date, hour: int = 10) -> str:
    return f"{day:%Y%m%d}T{hour:02d}0000Z"


def calendar(tmp_path, *, extra: str = "") -> object:
    first = TODAY - dt.timedelta(days=57)
    moved_from = first + dt.timedelta(days=14)
    crowd = "".join(f"ATTENDEE:mailto:p{i}@crowd.example\r\n" for i in range(24))
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        # weekly with Ana: occurrences at -57, -50, ... -1 (9 in the past; those ahead are not even expanded)
        f"BEGIN:VEVENT\r\nUID:weekly-1\r\nDTSTAMP:{stamp(first)}\r\nDTSTART:{stamp(first)}\r\n"
        f"DTEND:{stamp(first, 11)}\r\nRRULE:FREQ=WEEKLY;COUNT=11\r\nSUMMARY:Weekly sync\r\n"
        f"ORGANIZER;CN=Me:mailto:{ME}\r\nATTENDEE;CN=Ana;PARTSTAT=ACCEPTED:mailto:Ana.Lima@Work.example\r\n"
        "END:VEVENT\r\n"
        # one occurrence moved a day later: still that occurrence, once
        f"BEGIN:VEVENT\r\nUID:weekly-1\r\nDTSTAMP:{stamp(first)}\r\nRECURRENCE-ID:{stamp(moved_from)}\r\n"
        f"DTSTART:{stamp(moved_from + dt.timedelta(days=1))}\r\nDTEND:{stamp(moved_from + dt.timedelta(days=1), 11)}\r\n"
        f"SUMMARY:Weekly sync (moved)\r\nORGANIZER:mailto:{ME}\r\nATTENDEE:mailto:ana@example.org\r\nEND:VEVENT\r\n"
        # declined by me
        f"BEGIN:VEVENT\r\nUID:declined\r\nDTSTAMP:{stamp(first)}\r\nDTSTART:{stamp(TODAY - dt.timedelta(days=3))}\r\n"
        f"SUMMARY:Pitch\r\nORGANIZER:mailto:chen@example.cn\r\nATTENDEE;PARTSTAT=DECLINED:mailto:{ME}\r\nEND:VEVENT\r\n"
        # an all-hands with 25 people
        f"BEGIN:VEVENT\r\nUID:allhands\r\nDTSTAMP:{stamp(first)}\r\nDTSTART:{stamp(TODAY - dt.timedelta(days=4))}\r\n"
        f"SUMMARY:All hands\r\nATTENDEE:mailto:chen@example.cn\r\n{crowd}END:VEVENT\r\n"
        # cancelled
        f"BEGIN:VEVENT\r\nUID:cancelled\r\nDTSTAMP:{stamp(first)}\r\nDTSTART:{stamp(TODAY - dt.timedelta(days=5))}\r\n"
        "STATUS:CANCELLED\r\nSUMMARY:Off\r\nATTENDEE:mailto:chen@example.cn\r\nEND:VEVENT\r\n"
        # an all-day event with Chen yesterday
        f"BEGIN:VEVENT\r\nUID:day\r\nDTSTAMP:{stamp(first)}\r\nDTSTART;VALUE=DATE:{TODAY - dt.timedelta(days=1):%Y%m%d}\r\n"
        "SUMMARY:Offsite\r\nATTENDEE:mailto:CHEN@example.cn\r\nEND:VEVENT\r\n"
        f"{extra}END:VCALENDAR\r\n")
    path = tmp_path / "me.ics"
    path.write_text(text, newline="")
    return path


def test_past_occurrences_become_meetings_once(cli, db_path, tmp_path):
    ana = add_contact(cli, "Ana Lima", "ana@example.org", "ana.lima@work.example", every=30)
    chen = add_contact(cli, "Chen Wei", "chen@example.cn")
    ics = calendar(tmp_path)
    first = captured(cli("capture", "calendar", str(ics), "--me", ME, "--json"))
    assert first["events"] == 13 and first["logged"] == 10 and first["matched"] == 10
    assert first["skipped"] == {"declined": 1, "many_recipients": 1, "cancelled": 1}
    meetings = rows(db_path, "SELECT contact_id, kind, on_date FROM interaction ORDER BY on_date")
    assert {k for _, k, _ in meetings} == {"meeting"}
    assert len([m for m in meetings if m[0] == ana]) == 9 and len([m for m in meetings if m[0] == chen]) == 1
    assert (TODAY - dt.timedelta(days=42)).isoformat() in {d for c, _, d in meetings if c == ana}  # the moved one
    assert dict(rows(db_path, "SELECT id, last_contacted FROM contact"))[ana] == (TODAY - dt.timedelta(days=1)).isoformat()
    due = [r["due"] for r in json.loads(cli("reminders", "--json").stdout)
           if r["kind"] == "keep-in-touch" and r["contact_id"] == ana]
    assert due == [(TODAY + dt.timedelta(days=29)).isoformat()]

    assert captured(cli("capture", "calendar", str(ics), "--me", ME, "--json"))["events"] == 0  # unchanged file
    ics = calendar(tmp_path, extra="X-COMMENT:edited\r\n")
    again = captured(cli("capture", "calendar", str(ics), "--me", ME, "--json"))
    assert (again["logged"], again["already_logged"]) == (0, 10)
    assert len(rows(db_path, "SELECT id FROM interaction")) == 10


def test_a_file_that_is_not_a_calendar_is_refused(cli, db_path, tmp_path):
    add_contact(cli, "Ana Lima", "ana@example.org")
    good = calendar(tmp_path)
    bad = tmp_path / "bad.ics"
    bad.write_bytes(b"\x00\xffnot a calendar")
    before = dump(db_path)
    result = cli("capture", "calendar", str(good), str(bad), "--json")
    assert result.returncode == 1 and result.stderr.startswith("error: ") and result.stdout == ""
    assert dump(db_path) == before
    missing = cli("capture", "calendar", "account:nobody")
    assert missing.returncode == 1 and "no account named" in missing.stderr
