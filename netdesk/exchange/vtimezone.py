"""VTIMEZONE definitions built from the zoneinfo database's own transitions (RFC 5545 §3.6.5).

Readers expand a VTIMEZONE in different ways, so the definition uses only the forms that all of them
expand the same way:

- the rule still in force (e.g. Europe/Berlin's "last Sunday of March at 02:00") as one STANDARD and
  one DAYLIGHT with `RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`, no UNTIL;
- every other change inside the exported years (zones without a repeating rule, such as
  Africa/Casablanca, and historic stretches before the current rule) as `RDATE`s, one per line:
  vobject keeps only the first value of a comma-separated RDATE, and servers built on it (Radicale)
  store that truncated copy;
- each onset (DTSTART, RDATE) in local time as it was before the change, as §3.6.5 says: Berlin's
  DAYLIGHT starts at 02:00, not at the 03:00 the clocks show after it;
- no COMMENT directly in VTIMEZONE.

The transitions are read from `zoneinfo` (which also applies the TZif file's POSIX footer past its last
explicit transition), so no tz file is parsed here; icalendar's objects serialise the result.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

STEP = 86_400  # no real zone changes twice within a day in the years calendars use
LOOKAHEAD_YEARS = 10  # years after the export's range that must follow the rule for an RRULE
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class Transition:
    utc: dt.datetime  # the instant of the change
    before: dt.timedelta  # UTC offset until then
    after: dt.timedelta  # UTC offset from then on
    dst: bool  # the time it starts is daylight-saving time
    name: str  # its abbreviation (CEST, +0530)

    @property
    def local(self) -> dt.datetime:
        """The onset as RFC 5545 writes it: the wall-clock time just before the change, no zone."""
        return (self.utc + self.before).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return self.before, self.after, self.dst, self.name


def _state(zone: dt.tzinfo, ts: int) -> tuple[dt.timedelta, bool, str]:
    moment = dt.datetime.fromtimestamp(ts, zone)
    # A negative DST (Europe/Dublin's winter) is standard time to a calendar reader.
    return moment.utcoffset() or dt.timedelta(0), (moment.dst() or dt.timedelta(0)) > dt.timedelta(0), moment.tzname() or ""


def transitions(zone: dt.tzinfo, start: dt.datetime, end: dt.datetime) -> list[Transition]:
    """Every change of offset, DST flag or abbreviation in [start, end), found by stepping a day at a
    time and bisecting to the second."""
    ts, stop = int(start.timestamp()), int(end.timestamp())
    state = _state(zone, ts)
    found = []
    while ts < stop:
        nxt = min(ts + STEP, stop)
        new = _state(zone, nxt)
        if new != state:
            lo, hi = ts, nxt  # state(lo) is the old one, state(hi) differs
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _state(zone, mid) == state:
                    lo = mid
                else:
                    hi = mid
            new = _state(zone, hi)
            found.append(Transition(dt.datetime.fromtimestamp(hi, dt.UTC), state[0], new[0], new[1], new[2]))
            nxt = hi
        ts, state = nxt, new
    return found


@dataclass(frozen=True, slots=True)
class YearlyRule:
    """One weekday on or after a fixed day of one month, at one wall-clock time: the tz database's
    `lastSun`, `Sun>=8` and `Fri>=23` all are this."""

    month: int
    weekday: int  # Monday = 0
    first_day: int  # the change falls on first_day .. first_day + 6

    def rrule(self) -> dict:
        day = WEEKDAYS[self.weekday]
        if self.first_day in (1, 8, 15, 22):
            return {"freq": "yearly", "bymonth": self.month, "byday": f"{(self.first_day - 1) // 7 + 1}{day}"}
        if self.month != 2 and self.first_day == _month_length(2001, self.month) - 6:
            return {"freq": "yearly", "bymonth": self.month, "byday": f"-1{day}"}
        days = list(range(self.first_day, min(self.first_day + 6, 31) + 1))
        return {"freq": "yearly", "bymonth": self.month, "byday": day, "bymonthday": days}


def _month_length(year: int, month: int) -> int:
    return ((dt.date(year + month // 12, month % 12 + 1, 1)) - dt.date(year, month, 1)).days


def yearly_rule(group: Sequence[Transition]) -> YearlyRule | None:
    """The one rule every change in `group` (one kind, one per year, consecutive years) follows, if any."""
    onsets = [t.local for t in group]
    years = [o.year for o in onsets]
    if sorted(years) != list(range(min(years), min(years) + len(years))):
        return None
    first = onsets[0]
    if any((o.month, o.weekday(), o.time()) != (first.month, first.weekday(), first.time()) for o in onsets):
        return None
    days = [o.day for o in onsets]
    lo, hi = max(days) - 6, min(days)
    if lo > hi:
        return None
    # Prefer the forms every reader knows (nth or last weekday) when the changes allow them.
    candidates = [d for d in (1, 8, 15, 22) if lo <= d <= hi]
    if first.month != 2 and lo <= _month_length(2001, first.month) - 6 <= hi:
        candidates.append(_month_length(2001, first.month) - 6)
    return YearlyRule(first.month, first.weekday(), candidates[0] if candidates else hi)


def _ruled_tail(changes: Sequence[Transition], range_end: dt.datetime) -> int:
    """Where the rule still in force begins: the index of the first change of the longest run at the
    end that two yearly rules (one per kind) explain, or len(changes) when there is no such run."""
    if not changes or changes[-1].utc < range_end:
        return len(changes)  # no change after the export's range: the zone has no rule in force
    start = len(changes)
    groups: dict[tuple, list[Transition]] = {}
    for index in range(len(changes) - 1, -1, -1):
        change = changes[index]
        group = [change, *groups.get(change.kind, [])]
        if len(groups) == 2 and change.kind not in groups:
            break
        if yearly_rule(group) is None:
            break
        groups[change.kind] = group
        start = index
    if len(groups) != 2 or any(len(g) < 2 for g in groups.values()):
        return len(changes)
    return start


def _observance(dst: bool, onset: dt.datetime, before: dt.timedelta, after: dt.timedelta,
                name: str) -> icalendar.cal.Component:
    part = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
    part.add("dtstart", onset)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    if name:
        part.add("tzname", name)
    return part


@functools.lru_cache(maxsize=64)
def _changes(tzid: str, first_year: int, last_year: int) -> tuple[tuple[Transition, ...], tuple, dt.datetime]:
    zone = ZoneInfo(tzid)
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1 + LOOKAHEAD_YEARS, 1, 1, tzinfo=dt.UTC)
    return tuple(transitions(zone, start, end)), _state(zone, int(start.timestamp())), start


def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of an IANA zone, exact for every instant from first_year through last_year."""
    changes, (offset, dst, name), start = _changes(tzid, first_year, last_year)
    range_end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    tail = _ruled_tail(changes, range_end)
    timezone = icalendar.Timezone()
    timezone.add("tzid", tzid)
    # The time in force when the range begins, as an observance starting then, so that every reader
    # has a defined offset for the whole range (before its first onset RFC 5545 leaves it open).
    timezone.add_component(_observance(dst, (start + offset).replace(tzinfo=None), offset, offset, name))
    dated: dict[tuple, list[Transition]] = {}
    for change in changes[:tail]:
        if change.utc < range_end:
            dated.setdefault(change.kind, []).append(change)
    for (before, after, is_dst, abbreviation), group in dated.items():
        part = _observance(is_dst, group[0].local, before, after, abbreviation)
        for change in group[1:]:
            part.add("rdate", change.local)  # one line each: see the module docstring
        timezone.add_component(part)
    seen: set[tuple] = set()
    for change in changes[tail:]:
        if change.kind in seen:
            continue
        seen.add(change.kind)
        rule = yearly_rule([c for c in changes[tail:] if c.kind == change.kind])
        assert rule is not None  # _ruled_tail checked it
        part = _observance(change.dst, change.local, change.before, change.after, change.name)
        part.add("rrule", rule.rrule())
        timezone.add_component(part)
    return timezone
