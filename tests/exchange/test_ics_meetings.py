"""Meetings in the calendar: the cached event follows every fact its brief shows, and costs a fixed number of
statements however many meetings there are (issue 14, item 4)."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from netdesk.exchange.ics import IcsOptions
from netdesk.sample import generate, write_store
from netdesk.services import asks, calendar, contacts, leads, meetings, recording
from netdesk.store.db import database
from netdesk.store.models import Contact, IcsComponent

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=3)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def people(store, today):
    """Ana meets you, referred by Bob, whom Dan introduced; Cleo, whom Dan introduced too, meets you later."""
    dan = contacts.add_contact("Dan Root", today=today).id
    cleo = contacts.add_contact("Cleo Middle", today=today).id
    ana = contacts.add_contact("Ana Meeting", today=today, organisation="Contoso").id
    bob = contacts.add_contact("Bob Referrer", today=today).id
    Contact.update(introduced_by=dan).where(Contact.id == cleo).execute()
    Contact.update(introduced_by=dan).where(Contact.id == bob).execute()
    meeting = meetings.add_meeting(ana, dt.datetime(2026, 3, 20, 10, 0, tzinfo=BERLIN), today=today,
                                   referred_by=bob, purpose="the data team").id
    other = meetings.add_meeting(cleo, dt.datetime(2026, 4, 2, 15, 30, tzinfo=BERLIN), today=today,
                                 purpose="catch up").id
    recording.log_interaction(ana, "call", on=today - dt.timedelta(days=20), today=today, note="private words")
    return {"ana": ana, "bob": bob, "cleo": cleo, "dan": dan, "meeting": meeting, "other": other}


def _events(raw: bytes) -> dict[str, icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(raw)
    return {str(e["SUMMARY"]).split(":")[0]: e for e in cal.walk("VEVENT") if "CATEGORIES" in e
            and "meeting" in [str(c) for c in e["CATEGORIES"].cats]}


def _drop_cache() -> None:
    """A cache that never existed: no rows in the store, nothing in memory."""
    IcsComponent.delete().execute()
    calendar._memo.clear()


@pytest.mark.parametrize("with_notes", [False, True])
def test_a_warm_cache_gives_exactly_what_a_cold_one_gives(people, today, with_notes):
    options = IcsOptions(with_notes=with_notes)
    _drop_cache()
    cold = calendar.render(options, today, now=NOW)
    assert cold.serialised == cold.count
    warm = calendar.render(options, today, now=LATER)
    assert warm.serialised == 0 and warm.data == cold.data and warm.etag == cold.etag
    calendar._memo.clear()  # a new process: every body comes from the store's table
    assert calendar.render(options, today, now=LATER).data == cold.data
    _drop_cache()
    assert calendar.render(options, today, now=NOW).data == cold.data


def _rename(contact_id: int, name: str) -> None:
    Contact.update(name=name).where(Contact.id == contact_id).execute()


# Each: what to change, and the text the meeting's description must show afterwards.
CHANGES = {
    "contact renamed": (lambda p, t: _rename(p["ana"], "Ana Renamed"), "Ana Renamed"),
    "referrer renamed": (lambda p, t: _rename(p["bob"], "Robert Referrer"), "Referred by: Robert Referrer"),
    "introducer renamed": (lambda p, t: _rename(p["dan"], "Daniel Root"), "Daniel Root → Bob Referrer → Ana"),
    "organisation": (lambda p, t: Contact.update(organisation="Fabrikam").where(Contact.id == p["ana"]).execute(),
                     "Fabrikam"),
    "interaction logged": (lambda p, t: recording.log_interaction(p["ana"], "email", on=t, today=t),
                           f"{dt.date(2026, 3, 10).isoformat()} email"),
    "ask recorded": (lambda p, t: asks.record_ask(p["ana"], "an intro to Fabrikam", effort="small", on=t, today=t),
                     "an intro to Fabrikam"),
    "lead opened": (lambda p, t: leads.add_lead(p["ana"], "a role at Initech", on=t, today=t), "a role at Initech"),
    "referral given": (lambda p, t: recording.record_referral(p["dan"], p["ana"], on=t, today=t),
                       "you gave Dan Root the name of Ana Meeting"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_event_follows_every_fact_its_brief_shows(people, today, change):
    act, shown = CHANGES[change]
    before = _events(calendar.render(IcsOptions(), today, now=NOW).data)
    act(people, today)
    after = _events(calendar.render(IcsOptions(), today, now=LATER).data)
    [key] = [k for k in after if k.startswith("Meeting with Ana")]
    was = before["Meeting with Ana Meeting"]
    event = after[key]
    assert shown in str(event["DESCRIPTION"]) or shown in str(event["SUMMARY"])
    assert int(event["SEQUENCE"]) == int(was["SEQUENCE"]) + 1
    assert event.decoded("DTSTAMP") == LATER
    # Nothing else moved: Cleo's meeting comes from the cache, unless the change is in her brief too.
    if change != "introducer renamed":
        assert after["Meeting with Cleo Middle"].to_ical() == before["Meeting with Cleo Middle"].to_ical()
    # And it is what a render from nothing says.
    _drop_cache()
    fresh = _events(calendar.render(IcsOptions(), today, now=LATER).data)[key]
    assert str(fresh["DESCRIPTION"]) == str(event["DESCRIPTION"])


def test_private_notes_in_the_brief_stay_out_without_notes(people, today):
    plain = calendar.render(IcsOptions(), today, now=NOW).data.decode().replace("\r\n ", "")
    private = calendar.render(IcsOptions(with_notes=True), today, now=NOW).data.decode().replace("\r\n ", "")
    assert "private words" not in plain and "private words" in private


def test_new_code_rebuilds_events_without_a_new_revision(people, today, monkeypatch):
    first = calendar.render(IcsOptions(), today, now=NOW)
    monkeypatch.setattr(calendar, "_renderer", lambda: "a later release")
    again = calendar.render(IcsOptions(), today, now=LATER)
    assert again.serialised == 2  # both meetings rebuilt by the new code...
    assert again.data == first.data  # ...and, reading the same, they keep their SEQUENCE and DTSTAMP


def test_a_meeting_brief_is_the_one_its_event_carries(people, today):
    text = meetings.meeting_brief(people["meeting"], today)
    assert "Referral chain: Dan Root → Bob Referrer → Ana Meeting" in text and "private words" in text
    raw = calendar.render(IcsOptions(with_notes=True), today, now=NOW).data
    description = str(_events(raw)["Meeting with Ana Meeting"]["DESCRIPTION"])
    assert description.startswith(text)


@contextlib.contextmanager
def _statements():
    seen: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def _warm_statements(today) -> tuple[int, int]:
    calendar.render(IcsOptions(), today, now=NOW)
    calendar.render(IcsOptions(), today, now=NOW)
    with _statements() as warm:
        calendar.render(IcsOptions(), today, now=NOW)
    calendar._memo.clear()
    with _statements() as new_process:
        calendar.render(IcsOptions(), today, now=NOW)
    return len(warm), len(new_process)


def test_statements_per_export_do_not_grow_with_the_meetings(store, today):
    write_store(generate(100, today))  # 10 meetings
    few = _warm_statements(today)
    write_store(generate(600, today, seed=7))  # 60 more, with their contacts' records
    many = _warm_statements(today)
    assert database.execute_sql("SELECT count(*) FROM meeting").fetchone()[0] == 70
    assert many == few
    assert max(many) <= 12
