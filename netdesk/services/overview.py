"""Read-only lists for the desktop views: asks, gives, balances, leads, referrals, meetings, goal series,
and reasons to reach out.

Each returns frozen domain records with the contact names already joined, in a fixed number of queries
whatever the store's size, so a view model never touches the store and never runs a query per row.
"""

from __future__ import annotations

import datetime as dt

from netdesk.domain import goals
from netdesk.domain import reach_out as reasons
from netdesk.domain.guards import Balance, most_owed_first
from netdesk.domain.kinds import ReminderKind
from netdesk.domain.model import Reminder
from netdesk.domain.reach_out import Suggestion
from netdesk.domain.records import Ask, Give, Lead, Meeting, Referral
from netdesk.store import activity, due, record_lists, settings
from netdesk.store import contacts as contact_store

__all__ = ["Suggestion", "asks", "ask_counts", "gives", "balances", "leads", "referrals", "meetings",
           "new_contacts_per_month", "monthly_goal", "interactions_per_week", "reach_out",
           "overdue_count", "due_reminders"]

SHAREABLE_LIMIT = 50  # the newest gives a suggestion may pick from


def asks() -> list[Ask]:
    return record_lists.asks()


def ask_counts() -> dict[str, int]:
    """How many asks there are by status."""
    return record_lists.ask_counts()


def gives() -> list[Give]:
    return record_lists.gives()


def balances(today: dt.date) -> list[Balance]:
    """Give/take per contact over the guard's balance window, most in your debt first."""
    since = today - dt.timedelta(days=settings.rule_settings().balance_window_days)
    return most_owed_first(record_lists.balances(since))


def leads(lead_id: int | None = None) -> list[Lead]:
    return record_lists.leads(lead_id)


def referrals() -> list[Referral]:
    return record_lists.referrals()


def meetings() -> list[Meeting]:
    return record_lists.meetings()


def new_contacts_per_month(today: dt.date, months: int = 12) -> list[tuple[dt.date, int]]:
    """(first day of month, new contacts) for the last `months` months, this one included.

    A contact counts in the month it was met, or was created when the meeting date is unknown.
    """
    starts = goals.month_starts(today, months)
    counts = activity.new_contacts_by_month(starts[0])
    return [(start, counts.get(start.isoformat()[:7], 0)) for start in starts]


def monthly_goal() -> int:
    return settings.rule_settings().monthly_goal


def interactions_per_week(today: dt.date, weeks: int = 52) -> list[tuple[dt.date, int]]:
    """(Monday of the week, interactions) for the last `weeks` weeks, this one included."""
    mondays = goals.week_starts(today, weeks)
    counts = activity.interactions_by_week(mondays[0], today)
    return [(monday, counts.get(i, 0)) for i, monday in enumerate(mondays)]


def reach_out(today: dt.date, days: int = 7, limit: int = 12) -> list[Suggestion]:
    """Keep-in-touch reminders due within `days`, each with a reason to reach out (domain/reach_out.py)."""
    kinds = [ReminderKind.KEEP_IN_TOUCH.value]
    due_soon = [r for r in due_reminders(today + dt.timedelta(days=days), kinds, per_kind=limit)[0]
                if r.contact_id is not None]
    people = {c.id: c for c in contact_store.load([r.contact_id for r in due_soon])}
    since = today - dt.timedelta(days=reasons.SHARE_WINDOW_DAYS)
    shareable = reasons.shareables(record_lists.recent_gives(since, list(reasons.SHARE_KINDS),
                                                               limit=SHAREABLE_LIMIT))
    return [reasons.suggest(r, people[r.contact_id], shareable, today) for r in due_soon if r.contact_id in people]


def overdue_count(today: dt.date, kinds: list[str]) -> int:
    return due.overdue_count(today, kinds)


def due_reminders(today: dt.date, kinds: list[str], *, per_kind: int = 100,
                  after: dt.date | None = None) -> tuple[list[Reminder], dict[str, int]]:
    """Active reminders of `kinds` due by `today` (and after `after`: what is coming up), earliest first,
    at most `per_kind` of each kind, with how many there are of each kind in all (a big store can owe
    thousands of keep-in-touch)."""
    return due.due_by_kind(today, kinds, per_kind=per_kind, after=after)
