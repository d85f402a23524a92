"""Calendar use cases: export the reminders as an .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netdesk.exchange.atomic import write_atomic
from netdesk.exchange.ics import IcsOptions, calendar_bytes
from netdesk.services import reminders


def render(options: IcsOptions, stamp: dt.datetime | None = None) -> bytes:
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return calendar_bytes(reminders.list_reminders(include_closed=True), options, stamp)


def export_ics(path: Path, options: IcsOptions) -> int:
    """Write every reminder (closed ones as cancelled or completed) atomically; returns the count."""
    data = render(options)
    write_atomic(path, data)
    return data.count(b"BEGIN:VEVENT") + data.count(b"BEGIN:VTODO")
