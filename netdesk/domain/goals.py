"""The monthly new-contacts goal (PRODUCT.md habit 2): met-on counts, else the day the contact was added by
hand. The day an address book was imported is never a day the user met anyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GoalProgress:
    year: int
    month: int
    target: int
    new_contacts: int

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.new_contacts)

    def to_json(self) -> dict:
        return {"month": self.label, "target": self.target, "new_contacts": self.new_contacts,
                "remaining": self.remaining, "met": self.new_contacts >= self.target}


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First day of the month and first day of the next one (half-open)."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def counted_day(met_on: dt.date | None, created_on: dt.date, by_hand: bool = True) -> dt.date | None:
    """The day a contact counts as new, or None when it never does (imported without a met-on date)."""
    return met_on or (created_on if by_hand else None)


def progress(year: int, month: int, target: int,
             contacts: Iterable[tuple[dt.date | None, dt.date] | tuple[dt.date | None, dt.date, bool]]) -> GoalProgress:
    """`contacts` are (met_on, created_on[, added by hand]) tuples; the spec for the SQL count in the store."""
    start, end = month_bounds(year, month)
    days = (counted_day(*contact) for contact in contacts)
    count = sum(1 for day in days if day is not None and start <= day < end)
    return GoalProgress(year, month, target, count)


def month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of the month `back` months before the one `day` is in."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first days of the last `months` months, this one included, oldest first."""
    return [month_start(today, back) for back in range(months - 1, -1, -1)]


def week_starts(today: dt.date, weeks: int) -> list[dt.date]:
    """The Mondays of the last `weeks` weeks, this one included, oldest first."""
    this_monday = today - dt.timedelta(days=today.weekday())
    return [this_monday - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
