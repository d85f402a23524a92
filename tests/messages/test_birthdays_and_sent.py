"""Birthdays: the pure rule and the set-wise SQL agree on any birthday and any day; `sent` in one
transaction, its `Change`, and its undo through services.records (what the window's command replays)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import rules
from netdesk.domain.change import RecordKind
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.errors import InvalidValue
from netdesk.services import contacts, leads, messages, recording, records, reminders
from netdesk.store import derive_sql
from netdesk.store import settings as store_settings
from tests.conftest import TODAY

stored = st.one_of(
    st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)).map(lambda d: f"--{d:%m-%d}"),
    st.sampled_from(["--02-29", "1984-02-29", "--02-30", "--13-01", "2001-02-29", "--00-10", "xx", ""]))


@pytest.mark.parametrize(("text", "today", "due"), [
    ("--03-15", dt.date(2026, 3, 10), dt.date(2026, 3, 15)),
    ("1980-03-15", dt.date(2026, 3, 20), dt.date(2026, 3, 15)),  # a belated greeting is still due
    ("1980-03-15", dt.date(2026, 3, 23), dt.date(2027, 3, 15)),  # then it moves to next year
    ("--02-29", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    ("--02-29", dt.date(2027, 12, 31), dt.date(2028, 2, 29)),
    ("--12-30", dt.date(2027, 1, 4), dt.date(2026, 12, 30)),
    ("--02-30", TODAY, None),
])
def test_next_birthday(text, today, due):
    assert rules.next_birthday(text, today) == due


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(birthdays=st.lists(stored, min_size=1, max_size=6),
       today=st.dates(dt.date(2024, 1, 1), dt.date(2029, 12, 31)))
def test_sql_and_rules_agree_on_birthdays(store, birthdays, today):
    from netdesk.store.models import Contact

    Contact.delete().execute()
    for n, text in enumerate(birthdays):
        cid = contacts.add_contact(f"Person {n}", today=TODAY).id
        Contact.update(birthday=text or None).where(Contact.id == cid).execute()
    spec = sorted((w.kind.value, w.source, w.source_id, w.contact_id, w.due.isoformat(), w.title, w.detail)
                  for w in reminders.desired(today) if w.kind is ReminderKind.BIRTHDAY)
    with store.atomic():
        derive_sql.build_want(store_settings.rule_settings(), today=today)
        sql = sorted(row[:7] for row in derive_sql.want_rows() if row[0] == "birthday")
    assert sql == spec
    assert len(spec) == sum(rules.birthday_month_day(t) is not None for t in birthdays)


def test_sent_thank_you_is_one_change_and_undoes_through_records(store):
    cid = contacts.add_contact("Chloé", emails=["c@example.org"], today=TODAY).id
    favour = recording.record_favour(cid, "an introduction", on=TODAY, today=TODAY).id
    (thank,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.THANK_YOU]
    before = messages.sent_touches(thank.id)
    done = messages.sent(thank.id, on=TODAY, today=TODAY)
    assert reminders.get(thank.id).status is ReminderStatus.DONE
    assert thank.id in done.change.reminders and cid in done.change.contacts
    assert (RecordKind.INTERACTION, done.id) in done.change.records
    assert (RecordKind.FAVOUR, favour) in done.change.records
    (thanks_id,) = done.change.records_of(RecordKind.THANKS)
    # What the window's undo replays: the rows as they were, the created ones absent.
    records.apply([records.RowState("interaction", done.id, None), records.RowState("thanks", thanks_id, None),
                   *before], today=TODAY)
    assert reminders.get(thank.id).status is ReminderStatus.OPEN
    assert records.capture("favour", [favour])[0].values["thanked_on"] is None


def test_sent_close_the_loop_reports_the_lead_and_refuses_a_closed_reminder(store):
    cid = contacts.add_contact("Ana", today=TODAY).id
    lead = leads.add_lead(cid, "a role", on=TODAY, today=TODAY).id
    leads.set_outcome(lead, "hired", on=TODAY, today=TODAY)
    (loop,) = [r for r in reminders.list_reminders() if r.kind is ReminderKind.CLOSE_THE_LOOP]
    messages.sent(loop.id, on=TODAY, today=TODAY)
    assert records.capture("lead", [lead])[0].values["reported_on"] == TODAY
    with pytest.raises(InvalidValue, match="already done"):
        messages.sent(loop.id, on=TODAY, today=TODAY)


def test_sent_keep_in_touch_moves_it_to_the_next_occurrence(store):
    contacts.add_contact("Kim", today=TODAY - dt.timedelta(days=40), every_days=30)
    (kit,) = reminders.list_reminders()
    messages.sent(kit.id, on=TODAY, today=TODAY)
    moved = reminders.get(kit.id)
    assert moved.status is ReminderStatus.OPEN and moved.due == TODAY + dt.timedelta(days=30)


def test_a_draft_reads_a_fixed_number_of_statements(store):
    from netdesk.store.models import database

    cid = contacts.add_contact("Kim", today=TODAY, every_days=30, tags=["climate"]).id
    for n in range(30):
        other = contacts.add_contact(f"Other {n}", today=TODAY).id
        recording.record_give(other, f"Climate article {n}", on=TODAY, today=TODAY)
    (kit,) = [r for r in reminders.list_reminders() if r.contact_id == cid]
    statements: list[str] = []
    database.connection().set_trace_callback(statements.append)
    try:
        found = messages.draft(kit.id, today=TODAY)
    finally:
        database.connection().set_trace_callback(None)
    assert "Climate article" in found.body
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 10
