"""The desktop views' read models run a fixed number of SQL statements whatever the store's size: a view
at 100k contacts must not run a query per row."""

import datetime as dt
from collections.abc import Callable

import pytest

from netdesk.services import overview, reminders
from netdesk.store.models import Ask, Contact, Give, Interaction, Lead, Meeting, Referral, database
from tests.conftest import TODAY

KINDS = ["thank-you", "follow-up", "keep-in-touch", "expect-call", "check-back", "prepare", "close-the-loop"]

READS: dict[str, Callable[[], object]] = {
    "asks": overview.asks,
    "ask_counts": overview.ask_counts,
    "gives": overview.gives,
    "balances": lambda: overview.balances(TODAY),
    "leads": overview.leads,
    "referrals": overview.referrals,
    "meetings": overview.meetings,
    "new_contacts_per_month": lambda: overview.new_contacts_per_month(TODAY),
    "monthly_goal": overview.monthly_goal,
    "interactions_per_week": lambda: overview.interactions_per_week(TODAY),
    "reach_out": lambda: overview.reach_out(TODAY),
    "overdue_count": lambda: overview.overdue_count(TODAY, KINDS),
    "due_reminders": lambda: overview.due_reminders(TODAY, KINDS, per_kind=20),
}


def _fill(size: int) -> None:
    """`size` contacts, each with an ask, a give, a lead, a meeting, an interaction and a cadence, and a
    referral for every pair: every list and every reminder kind grows with the store."""
    stamp = "2026-01-01T00:00:00Z"
    created = dt.date(2025, 6, 1)
    with database.atomic():
        Contact.insert_many([dict(name=f"Person {i}", sort_name=f"person {i}", created_on=created, every_days=30,
                                  updated_at=stamp, title="climate analyst") for i in range(size)]).execute()
        ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
        for model, rows in (
            (Ask, [dict(contact=c, purpose="an intro", on_date=TODAY - dt.timedelta(days=3)) for c in ids]),
            (Give, [dict(contact=c, text=f"climate report {c % 7}", on_date=TODAY - dt.timedelta(days=5))
                    for c in ids]),
            (Lead, [dict(contact=c, text="a job", on_date=TODAY - dt.timedelta(days=9)) for c in ids]),
            (Meeting, [dict(contact=c, at="2026-03-20T10:00:00+00:00", referred_by=ids[0]) for c in ids]),
            (Interaction, [dict(contact=c, kind="call", on_date=TODAY - dt.timedelta(days=40)) for c in ids]),
            (Referral, [dict(seeker=a, target=b, on_date=TODAY - dt.timedelta(days=20))
                        for a, b in zip(ids[::2], ids[1::2], strict=False)]),
        ):
            for start in range(0, len(rows), 500):
                model.insert_many(rows[start:start + 500]).execute()
        reminders.derive(TODAY)


def _statement_counts() -> tuple[dict[str, int], dict[str, int]]:
    """SQL statements run by each read, and how many rows it returned."""
    counts, sizes = {}, {}
    connection = database.connection()
    for name, read in READS.items():
        statements: list[str] = []
        connection.set_trace_callback(statements.append)
        try:
            result = read()
        finally:
            connection.set_trace_callback(None)
        counts[name] = len(statements)
        sizes[name] = len(result[0] if isinstance(result, tuple) else result) if isinstance(
            result, (list, tuple, dict)) else result
    return counts, sizes


@pytest.fixture
def counts_at(tmp_path):
    from netdesk.store.db import close_store, open_store

    def measure(size: int) -> tuple[dict[str, int], dict[str, int]]:
        open_store(tmp_path / f"store-{size}.sqlite3")
        try:
            _fill(size)
            return _statement_counts()
        finally:
            close_store()

    return measure


def test_the_views_read_models_run_the_same_statements_at_100_and_2000_contacts(counts_at):
    (small, small_rows), (large, large_rows) = counts_at(100), counts_at(2000)
    # The lists really grew with the store (else equal counts would prove nothing).
    for name in ("asks", "gives", "balances", "leads", "referrals", "meetings"):
        assert large_rows[name] == 20 * small_rows[name] > 0, name
    assert small_rows["reach_out"] == large_rows["reach_out"] == 12  # capped: at most a dozen a week
    assert large_rows["overdue_count"] > small_rows["overdue_count"] > 0
    assert large == small, {name: (small[name], large[name]) for name in small if small[name] != large[name]}
