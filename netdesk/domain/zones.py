"""Wall-clock times the user typed: which instant they name in a zone, and a warning when that is not plain.

On the night the clocks go forward some local times never happen (02:30 in Berlin on 2026-03-29); on
the night they go back some happen twice (02:30 on 2026-10-25). A meeting typed at such a time is
stored at one definite instant, and the user is told which one.
"""

from __future__ import annotations

import datetime as dt

from dateutil import tz


def zone_label(zone: dt.tzinfo | None, at: dt.datetime | None = None) -> str:
    """The zone's IANA name when it has one (Europe/Berlin), else what it calls itself at `at`."""
    key = getattr(zone, "key", None)
    if key:
        return key
    return (zone.tzname(at) if zone is not None else None) or "UTC"


def _span(delta: dt.timedelta) -> str:
    minutes = abs(int(delta.total_seconds())) // 60
    if minutes == 60:
        return "an hour"
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes > 60 else f"{minutes} minutes"


def resolve_local(naive: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, str | None]:
    """The instant `naive` names in `zone`, and a warning if that wall-clock time does not exist there
    (moved forward by the gap, as the clocks were) or happens twice (the first, unless naive.fold is 1)."""
    if naive.tzinfo is not None:
        raise ValueError("resolve_local takes a time without a zone")
    aware = naive.replace(tzinfo=zone)
    where = zone_label(zone, aware)
    if not tz.datetime_exists(aware):
        moved = tz.resolve_imaginary(aware).astimezone(zone)
        gap = moved.replace(tzinfo=None) - naive
        return moved, (f"{naive:%Y-%m-%d %H:%M} does not exist in {where}: the clocks go forward {_span(gap)} "
                       f"that night. The meeting is at {moved:%H:%M} ({moved:%z}).")
    if tz.datetime_ambiguous(aware):
        first, second = aware.replace(fold=0), aware.replace(fold=1)
        chosen, other = (second, first) if naive.fold else (first, second)
        which = "second" if naive.fold else "first"
        return chosen, (f"{naive:%Y-%m-%d %H:%M} happens twice in {where}: the clocks go back "
                        f"{_span(first.utcoffset() - second.utcoffset())} that night. The meeting is at the "
                        f"{which}, {chosen:%H:%M} ({chosen:%z}); for the other, give the offset: "
                        f"{other.isoformat(timespec='minutes')}.")
    return aware, None


def resolve(at: dt.datetime) -> tuple[dt.datetime, str | None]:
    """`resolve_local` for a time already given its zone (the CLI and the dialog attach it unchecked).
    A time with a fixed offset names its instant exactly: no warning."""
    if at.tzinfo is None:
        raise ValueError("resolve takes a time with a zone")
    return resolve_local(at.replace(tzinfo=None), at.tzinfo)
