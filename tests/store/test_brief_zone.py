"""A meeting stored before the time-zone fix, typed into the spring gap, is briefed at the instant stored."""

import datetime as dt

from netdesk.domain import brief
from netdesk.services import contacts
from netdesk.store import calendar_reads
from netdesk.store.models import Meeting


def test_legacy_spring_gap_meeting_brief_says_the_stored_instant(store):
    contact = contacts.add_contact("Chloé Martin", today=dt.date(2026, 3, 1)).contact
    # Written the way the store held it before resolve_local existed: the typed wall time, the assumed offset.
    meeting = Meeting.create(contact=contact.id, at="2026-03-29T02:30+01:00", tzid="Europe/Berlin",
                             purpose="coffee")
    text = brief.render(calendar_reads.meeting_event(meeting.id).brief)
    assert "2026-03-29 03:30 (+0200)" in text
    assert "02:30" not in text
