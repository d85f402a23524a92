"""Issue 17 item 3: one VJOURNAL per history record, its fields as X-NETDESK-* properties that a second
netdesk reads back exactly; checked against icalendar and a second parser (vobject)."""

from __future__ import annotations

import datetime as dt

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from netdesk.exchange.history_journal import HistoryRecord, JournalError, read, write

STAMP = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
# Text as people type it: commas, semicolons, backslashes, new lines, accents, emoji; no control characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r") | st.sampled_from(
    ["\n", "\\", ",", ";", ":", "é", "😀"]), max_size=60)
NAMES = st.sampled_from(["note", "text", "on_date", "thanked_on", "outcome", "outcome_on", "reported_on", "purpose",
                         "status", "link", "at", "tzid", "duration_minutes", "notes", "reminder_uid", "due"])


def test_a_favour_as_other_apps_and_netdesk_see_it():
    record = HistoryRecord("favour", "0b7c-favour", {"contact": "urn:uuid:ann"},
                           {"text": "lent me a book, and a pen; thanks", "on_date": "2026-11-30", "thanked_on": None})
    body = write(record, STAMP)
    journal = Calendar.from_ical(body).walk("VJOURNAL")[0]
    assert str(journal["UID"]) == "0b7c-favour"
    assert journal.decoded("DTSTART") == dt.date(2026, 11, 30)
    assert str(journal["SUMMARY"]) == "Favour: lent me a book, and a pen; thanks"
    assert "X-NETDESK-THANKED-ON" not in journal  # NULL is left out
    assert read(body) == HistoryRecord("favour", "0b7c-favour", {"contact": "urn:uuid:ann"},
                                       {"text": "lent me a book, and a pen; thanks", "on_date": "2026-11-30"})
    card = vobject.readOne(body.decode())
    assert card.vjournal.contents["x-netdesk-text"][0].value == "lent me a book, and a pen; thanks"
    assert card.vjournal.contents["x-netdesk-contact-uid"][0].value == "urn:uuid:ann"


@given(kind=st.sampled_from(["interaction", "favour", "thanks", "lead", "referral", "ask", "give", "meeting",
                             "reminder_action"]),
       uid=st.uuids().map(str),
       contacts=st.dictionaries(st.sampled_from(["contact", "seeker", "target", "referred_by"]),
                                st.uuids().map(lambda u: f"urn:uuid:{u}") | TEXT.filter(bool), max_size=3),
       fields=st.dictionaries(NAMES, TEXT | st.none(), max_size=8))
def test_every_record_reads_back_exactly_with_icalendar_and_vobject(kind, uid, contacts, fields):
    record = HistoryRecord(kind, uid, contacts, fields)
    body = write(record, STAMP)
    back = read(body)
    assert back == HistoryRecord(kind, uid, contacts, {k: v for k, v in fields.items() if v is not None})
    parsed = vobject.readOne(body.decode("utf-8")).vjournal
    for name, value in fields.items():
        key = "x-netdesk-" + name.replace("_", "-")
        if value is None:
            assert key not in parsed.contents
        else:
            assert parsed.contents[key][0].value == value
    assert parsed.uid.value == uid


def test_a_calendar_object_that_netdesk_did_not_write_is_refused():
    with pytest.raises(JournalError):
        read(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VJOURNAL\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
             b"SUMMARY:someone's diary\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n")
