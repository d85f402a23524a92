import datetime as dt
import uuid

from hypothesis import given
from hypothesis import strategies as st

from netdesk.domain.ids import ContactId, FavourId
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.model import Favour
from netdesk.domain.rules import RuleSettings, reminder_uid, thank_you_for_favour

STORE = str(uuid.uuid4())


def test_favour_gives_thank_you_two_days_later():
    favour = Favour(FavourId(7), ContactId(3), "introduced me to Ana", dt.date(2026, 2, 27))
    want = thank_you_for_favour(favour, "Zoë", RuleSettings(), today=dt.date(2026, 3, 1))
    assert want.kind is ReminderKind.THANK_YOU
    assert want.due == dt.date(2026, 3, 1)
    assert want.contact_id == 3
    assert "Zoë" in want.title
    assert want.closed is None


def test_thanked_favour_is_closed_as_done():
    favour = Favour(FavourId(7), ContactId(3), "x", dt.date(2026, 2, 27), thanked_on=dt.date(2026, 2, 28))
    assert thank_you_for_favour(favour, "Zoë", RuleSettings(), dt.date(2026, 3, 1)).closed is ReminderStatus.DONE


def test_delay_comes_from_settings():
    favour = Favour(FavourId(1), ContactId(1), "x", dt.date(2026, 1, 1))
    assert thank_you_for_favour(favour, "A", RuleSettings(thank_you_days=5), dt.date(2026, 1, 1)).due == dt.date(2026, 1, 6)


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(list(ReminderKind)))
def test_uid_is_stable_and_distinct_per_rule(record_id, kind):
    first = reminder_uid(STORE, kind, "favour", record_id)
    assert first == reminder_uid(STORE, kind, "favour", record_id)
    assert first != reminder_uid(STORE, kind, "favour", record_id + 1)
    assert first != reminder_uid(str(uuid.uuid4()), kind, "favour", record_id)
    assert first.endswith("@netdesk")
