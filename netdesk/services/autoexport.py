"""Auto-export: after every change, rewrite the calendar file named in the settings, atomically.

The CLI calls `after_command` once a command has succeeded; the window calls `after_change` after
its writes. The file is replaced with `write_atomic` (temp file, fsync, os.replace), so a calendar
app reading it sees the whole old calendar or the whole new one. Thanks to the component cache a
rewrite costs little more than reading the reminder table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netdesk.errors import UserFacingError
from netdesk.services import calendar
from netdesk.store import calendar_reads

# Commands whose own writes are only the component cache: re-exporting after them is pointless.
NOT_CHANGES = frozenset({"export-ics", "serve-ics"})


def after_change(today: dt.date | None = None) -> Path | None:
    """Rewrite the auto-export file if that setting is on; returns the path written, or None.

    Raises UserFacingError when the file cannot be written (the caller reports it as a warning:
    the change itself has been saved).
    """
    config = calendar.load_settings()
    if not config.auto_export or not config.export_path:
        return None
    path = Path(config.export_path).expanduser()
    calendar.export_ics(path, config.options, today=today or dt.date.today())
    return path


def after_command(command: str | None, today: dt.date | None = None) -> str | None:
    """For the CLI boundary: auto-export if the command wrote to the store. Returns a warning, or None."""
    if command in NOT_CHANGES or not calendar_reads.written_by_this_process():
        return None
    try:
        after_change(today)
    except UserFacingError as exc:
        return f"the change was saved, but the automatic calendar export failed: {exc}"
    return None
