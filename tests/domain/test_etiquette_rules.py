"""The pure rules of PRODUCT.md's default-rules table, and the settings they read."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from netdesk.domain.ids import AskId, ContactId, LeadId, MeetingId, ReferralId
from netdesk.domain.kinds import AskStatus, ReminderKind, ReminderStatus
from netdesk.domain.records import Ask, Cadence, Lead, Meeting, Referral
from netdesk.domain.rules import (
    RuleSettings,
    keep_in_touch,
    lead_reminders,
    prepare,
    referral_reminders,
    thank_you_for_ask,
)

S = RuleSettings()
T = dt.date(2026, 3, 10)
D = dt.date(2026, 3, 2)


def test_lead_gives_thank_you_and_follow_up_then_close_the_loop():
    lead = Lead(LeadId(4), ContactId(1), "a job", D)
    thank, follow = lead_reminders(lead, "Ana", S, T)
    assert (thank.kind, thank.due, thank.closed) == (ReminderKind.THANK_YOU, dt.date(2026, 3, 4), None)
    assert (follow.kind, follow.due, follow.closed) == (ReminderKind.FOLLOW_UP, dt.date(2026, 3, 5), None)
    decided = Lead(LeadId(4), ContactId(1), "a job", D, outcome="hired", outcome_on=dt.date(2026, 3, 6))
    _, follow, loop = lead_reminders(decided, "Ana", S, T)
    assert follow.closed is ReminderStatus.DONE
    assert (loop.kind, loop.due, loop.closed, loop.contact_id) == (ReminderKind.CLOSE_THE_LOOP, dt.date(2026, 3, 8), None, 1)
    reported = Lead(LeadId(4), ContactId(1), "a job", D, dt.date(2026, 3, 3), "hired", dt.date(2026, 3, 6),
                    dt.date(2026, 3, 7))
    assert [w.closed for w in lead_reminders(reported, "Ana", S, T)] == [ReminderStatus.DONE] * 3


def test_referral_expect_call_to_target_and_check_back_to_seeker():
    expect, check = referral_reminders(Referral(ReferralId(1), ContactId(2), ContactId(3), D), "Bob", "Carol", S, T)
    assert (expect.kind, expect.contact_id, expect.due) == (ReminderKind.EXPECT_CALL, 3, D)
    assert (check.kind, check.contact_id, check.due) == (ReminderKind.CHECK_BACK, 2, dt.date(2026, 3, 16))
    assert "Carol" in expect.title and "Bob" in expect.title


def test_keep_in_touch_cadence_and_its_start():
    base = Cadence(ContactId(1), created_on=dt.date(2026, 1, 1))
    assert keep_in_touch(base, "A", S, T) is None
    tagged = Cadence(ContactId(1), dt.date(2026, 1, 1), tag_days=(60, 20))
    assert keep_in_touch(tagged, "A", S, T).due == dt.date(2026, 1, 21)
    own = Cadence(ContactId(1), dt.date(2026, 1, 1), every_days=30, tag_days=(10,), met_on=dt.date(2025, 12, 1))
    assert keep_in_touch(own, "A", S, T).due == dt.date(2025, 12, 31)
    logged = Cadence(ContactId(1), dt.date(2026, 1, 1), 30, (), dt.date(2025, 12, 1), dt.date(2026, 3, 1))
    assert keep_in_touch(logged, "A", S, T).due == dt.date(2026, 3, 31)


def test_prepare_is_the_day_before_in_the_meetings_own_zone():
    at = dt.datetime(2026, 3, 20, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    want = prepare(Meeting(MeetingId(1), ContactId(5), at), "Ana", "brief", S, T)
    assert (want.kind, want.due, want.detail) == (ReminderKind.PREPARE, dt.date(2026, 3, 19), "brief")


def test_resolved_asks_are_thanked_even_when_declined():
    for status in (AskStatus.GRANTED, AskStatus.DECLINED):
        ask = Ask(AskId(1), ContactId(1), "intro", D, status=status, resolved_on=dt.date(2026, 3, 4))
        assert thank_you_for_ask(ask, "A", S, T).due == dt.date(2026, 3, 6)
    withdrawn = Ask(AskId(1), ContactId(1), "intro", D, status=AskStatus.WITHDRAWN, resolved_on=D)
    assert thank_you_for_ask(withdrawn, "A", S, T) is None
    thanked = Ask(AskId(1), ContactId(1), "x", D, status=AskStatus.DECLINED, resolved_on=D, last_thanked=D)
    assert thank_you_for_ask(thanked, "A", S, T).closed is ReminderStatus.DONE


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_every_delay_comes_from_settings(thanks, follow):
    settings = RuleSettings(thank_you_days=thanks, follow_up_days=follow)
    thank, follow_up = lead_reminders(Lead(LeadId(1), ContactId(1), "x", D), "A", settings, T)
    assert thank.due == D + dt.timedelta(days=thanks)
    assert follow_up.due == D + dt.timedelta(days=follow)
