"""Whatever text the records hold, the assembled calendar is valid iCalendar that gives the text back."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain.kinds import ReminderKind
from netdesk.exchange.ics import IcsOptions, one_line
from netdesk.services import calendar
from netdesk.store.models import Contact, Reminder
from tests.exchange import ics_data

# Any text a user could type or import: every script, emoji, iCalendar's special characters, line breaks.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
               | st.sampled_from([",", ";", "\\", ":", "\n", "\r", "\t", "\"", "é", "山", "🙂"]), min_size=1, max_size=120)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.tuples(TEXT, TEXT, TEXT, st.sampled_from(list(ReminderKind))), min_size=1, max_size=6),
       with_notes=st.booleans(), todo=st.booleans())
def test_any_text_round_trips(store, today, items, with_notes, todo):
    Reminder.delete().execute()
    Contact.delete().execute()
    calendar.clear_cache()
    from netdesk.services import contacts

    made = []
    for n, (name, title, detail, kind) in enumerate(items):
        person = contacts.add_contact(f"{name.strip() or 'x'} {n}", today=today)
        uid = ics_data.add_reminder(person, kind, today + dt.timedelta(days=n), n=n, title=title, detail=detail)
        made.append((uid, person.name, title, detail, kind))
    options = IcsOptions(todo=todo, with_notes=with_notes)
    for _ in range(2):  # cold, then from the cache: both must hold
        raw = calendar.render(options, today).data
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        parsed = {str(c["UID"]): c for c in icalendar.Calendar.from_ical(raw).walk()
                  if c.name in ("VEVENT", "VTODO")}
        for uid, name, title, detail, kind in made:
            component = parsed[uid]
            summary = str(component["SUMMARY"])
            assert one_line(title) in summary and (one_line(name) in summary or one_line(name) in one_line(title))
            if kind is not ReminderKind.PREPARE and one_line(detail):
                assert str(component["DESCRIPTION"]).startswith(one_line(detail))
