"""Parsing of the CLI's date and date-time values. Nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
import re

from netdesk.errors import InvalidValue

_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str, *, what: str = "date") -> dt.date:
    """A strict `YYYY-MM-DD`. `26-2-3` is refused as not the format, `2026-02-30` as not a real date."""
    if not _YMD.fullmatch(value):
        raise InvalidValue(f"{what} {value!r} is not a valid date (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{what} {value!r} is not a real date") from None


def parse_datetime(value: str, *, local_tz: dt.tzinfo, what: str = "date-time") -> dt.datetime:
    """ISO 8601; without an offset the time is local to `local_tz` (CLI.md)."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{what} {value!r} is not a valid ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=local_tz)
    return parsed


def parse_month(value: str) -> tuple[int, int]:
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        dt.date(int(year), int(month), 1)
        return int(year), int(month)
    except ValueError:
        raise InvalidValue(f"month {value!r} is not valid (expected YYYY-MM)") from None


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)
