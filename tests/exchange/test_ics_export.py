"""The calendar as calendar programs read it: icalendar and vobject parse it back, fields follow the rows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from netdesk.domain.kinds import ReminderKind
from netdesk.exchange.ics import IcsOptions
from netdesk.services import calendar, reminders
from netdesk.store.models import Contact, Meeting, Reminder
from tests.exchange import ics_data


@pytest.fixture
def data(store, today):
    return ics_data.populate(today)


def _parse(raw: bytes) -> dict[str, icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(raw)
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def _render(options: IcsOptions = IcsOptions(), today=ics_data.BASE_DAY) -> bytes:  # noqa: B008
    return calendar.render(options, today).data


def test_every_kind_parses_with_icalendar_with_the_right_fields(data):
    raw = _render(IcsOptions(alarm=dt.time(10, 30)))
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["PRODID"]).startswith("-//netdesk//")
    assert str(cal["X-WR-CALNAME"]) == "netdesk reminders"
    assert cal.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    assert b"X-PUBLISHED-TTL:PT1H" in raw
    events = _parse(raw)
    for kind, uid in data["uids"].items():
        event = events[uid]
        assert event.name == "VEVENT"
        assert event.decoded("DTSTART") == data["due"][kind]
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)
        assert event.decoded("DTEND") == data["due"][kind] + dt.timedelta(days=1)
        assert "Zoë Ångström" in str(event["SUMMARY"])
        assert [str(c) for c in event["CATEGORIES"].cats] == [kind.value]
        assert event["STATUS"] == "CONFIRMED"
        assert "\n" not in str(event["DESCRIPTION"])
        for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE"):
            assert name in event
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")  # a revision time, not "now"
        [alarm] = event.subcomponents
        assert alarm.name == "VALARM" and alarm.decoded("TRIGGER") == dt.timedelta(hours=10, minutes=30)
    assert str(events[data["uids"][ReminderKind.FOLLOW_UP]]["DESCRIPTION"]) == "why follow-up"
    assert events[data["done_uid"]]["STATUS"] == "CANCELLED"


def test_vobject_reads_every_component(data):
    cal = vobject.readOne(_render().decode("utf-8"))
    uids = {event.uid.value for event in cal.vevent_list}
    assert set(data["uids"].values()) | {data["done_uid"]} <= uids
    meeting = next(e for e in cal.vevent_list if e.categories.value == ["meeting"])
    start = meeting.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 12, 13, 30, tzinfo=dt.UTC)
    assert meeting.dtend.value - start == dt.timedelta(minutes=45)


def test_todo_variant_completes_done_reminders(data):
    events = _parse(_render(IcsOptions(todo=True)))
    done, open_ = events[data["done_uid"]], events[data["uids"][ReminderKind.THANK_YOU]]
    assert done.name == "VTODO" and done["STATUS"] == "COMPLETED" and "COMPLETED" in done
    assert open_["STATUS"] == "NEEDS-ACTION"
    assert open_.decoded("DUE") == data["due"][ReminderKind.THANK_YOU]
    [alarm] = open_.subcomponents
    assert alarm["TRIGGER"].params["RELATED"] == "END"
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=9)


def test_uids_stable_and_sequence_grows_after_an_edit(data, today):
    first = _parse(_render())
    assert _render() == _render()  # nothing changed: the same bytes, so the same ETag
    rid = Reminder.get(Reminder.uid == data["uids"][ReminderKind.THANK_YOU]).id
    reminders.mark_done(rid, today=today)
    second = _parse(_render())
    assert set(first) == set(second)
    uid = data["uids"][ReminderKind.THANK_YOU]
    assert int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
    assert second[uid]["STATUS"] == "CANCELLED"
    other = data["uids"][ReminderKind.CHECK_BACK]
    assert second[other].to_ical() == first[other].to_ical()


def test_the_cache_serialises_only_what_changed_and_matches_a_cold_render(data, today):
    cold = calendar.render(IcsOptions(), today)
    assert cold.serialised == cold.count
    warm = calendar.render(IcsOptions(), today)
    assert warm.serialised == 0 and warm.data == cold.data and warm.etag == cold.etag
    calendar._memo.clear()  # as a new process would: the bodies come from the store's table
    from_table = calendar.render(IcsOptions(), today)
    assert from_table.serialised == 0 and from_table.data == cold.data
    rid = Reminder.get(Reminder.uid == data["uids"][ReminderKind.FOLLOW_UP]).id
    reminders.snooze(rid, today + dt.timedelta(days=30), today=today)
    after = calendar.render(IcsOptions(), today)
    assert after.serialised == 1 and after.etag != cold.etag
    # A rename does not bump SEQUENCE, yet SUMMARY must follow: the name is part of the key.
    Contact.update(name="Zoë Ångström-Lee").where(Contact.id == data["contact"].id).execute()
    Reminder.update(contact_name="Zoë Ångström-Lee").execute()
    renamed = calendar.render(IcsOptions(), today)
    assert renamed.serialised > 0
    assert all("Ångström-Lee" in str(e["SUMMARY"]) for e in _parse(renamed.data).values())
    calendar.clear_cache()
    assert calendar.render(IcsOptions(), today).data == renamed.data  # cached assembly == from scratch


def test_output_is_folded_crlf_and_reparses_identically(data):
    raw = _render(IcsOptions(with_notes=True))
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert raw.count(b"BEGIN:VCALENDAR") == 1 and raw.count(b"END:VCALENDAR") == 1
    assert icalendar.Calendar.from_ical(raw).to_ical().count(b"BEGIN:VEVENT") == raw.count(b"BEGIN:VEVENT")


def test_meeting_is_timed_with_tzid_and_a_matching_vtimezone(data):
    raw = _render()
    cal = icalendar.Calendar.from_ical(raw)
    [tz] = [c for c in cal.walk() if c.name == "VTIMEZONE"]
    assert str(tz["TZID"]) == "Europe/Paris"
    [meeting] = [c for c in cal.walk("VEVENT") if "meeting" in [str(x) for x in c["CATEGORIES"].cats]]
    assert meeting["DTSTART"].params["TZID"] == "Europe/Paris"
    start = meeting.decoded("DTSTART")
    assert start == dt.datetime(2026, 3, 12, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert "Zoë Ångström" in str(meeting["SUMMARY"]) and str(meeting["LOCATION"]) == "Café Flore"
    description = str(meeting["DESCRIPTION"])
    assert "talk about the data team" in description and "Bob Referrer" in description


def test_meeting_sequence_grows_when_it_changes(data):
    def meeting_event():
        return next(e for e in _parse(_render()).values() if str(e["SUMMARY"]).startswith("Meeting"))

    before = meeting_event()
    assert meeting_event().to_ical() == before.to_ical()
    Meeting.update(at="2026-03-13T09:00:00+01:00").where(Meeting.id == data["meeting"]).execute()
    after = meeting_event()
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


@pytest.mark.parametrize("with_notes", [False, True])
def test_private_notes_only_with_notes(data, with_notes):
    raw = _render(IcsOptions(with_notes=with_notes)).decode("utf-8")
    unfolded = raw.replace("\r\n ", "")
    for secret in (ics_data.SECRET_CONTACT_NOTE, ics_data.SECRET_MEETING_NOTE, ics_data.SECRET_INTERACTION_NOTE):
        assert (secret in unfolded) is with_notes, secret


def test_export_writes_the_file_atomically(data, tmp_path):
    target = tmp_path / "out" / "cal.ics"
    target.parent.mkdir()
    count = calendar.export_ics(target, IcsOptions(), today=ics_data.BASE_DAY)
    assert count == len(ReminderKind) + 2
    assert target.read_bytes() == _render()
    assert [p.name for p in target.parent.iterdir()] == ["cal.ics"]  # no temp file left behind


def test_new_reminders_and_other_processes_edits_are_picked_up(data, today):
    first = calendar.render(IcsOptions(), today)
    uid = ics_data.add_reminder(data["contact"], ReminderKind.KEEP_IN_TOUCH, today, n=500, title="Say hello")
    grown = calendar.render(IcsOptions(), today)
    assert grown.serialised == 1 and grown.count == first.count + 1 and uid in _parse(grown.data)
    # An edit made elsewhere (another process: no memo here knows of it) is seen on the next render.
    calendar._memo.clear()
    Reminder.update(title="Say hello again", sequence=Reminder.sequence + 1,
                    updated_at="2026-03-09T10:00:00Z").where(Reminder.uid == uid).execute()
    edited = calendar.render(IcsOptions(), today)
    assert edited.serialised == 1 and "Say hello again" in str(_parse(edited.data)[uid]["SUMMARY"])
    calendar.clear_cache()
    assert calendar.render(IcsOptions(), today).data == edited.data


def test_changing_the_alarm_or_event_kind_never_restarts_a_meeting_sequence(data):
    def meeting_sequence(options):
        raw = calendar.render(options, ics_data.BASE_DAY).data
        return next(int(e["SEQUENCE"]) for e in _parse(raw).values() if str(e["SUMMARY"]).startswith("Meeting"))

    meeting_sequence(IcsOptions())
    Meeting.update(purpose="a new purpose").where(Meeting.id == data["meeting"]).execute()
    bumped = meeting_sequence(IcsOptions())
    assert bumped >= 1
    assert meeting_sequence(IcsOptions(alarm=dt.time(7, 0))) == bumped
    assert meeting_sequence(IcsOptions(todo=True)) == bumped
