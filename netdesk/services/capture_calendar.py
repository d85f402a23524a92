"""`capture calendar`: past meetings with contacts, from an .ics file or a CalDAV account's calendars.

An .ics file unchanged since the last run (size and mtime) is not read again. An account's calendars
(all but netdesk's own, where its reminders and meetings go) are asked for the events since a month
before the last run, so edits to recent meetings are seen; each occurrence is logged once by its key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from caldav.lib import error as dav_error

from netdesk.domain.capture import SourceState, Tally
from netdesk.exchange import calendar_events
from netdesk.exchange.calendar_events import EARLIEST, NotCalendar
from netdesk.services import capture_run
from netdesk.services.capture_run import Captured, CaptureError, Run
from netdesk.services.sync import accounts, connection, keys
from netdesk.store import capture as store

ACCOUNT = "account:"
OVERLAP_DAYS = 31  # an account's calendars are read again from this long before the last run


def _read_file(path: Path, run: Run, start: dt.date, end: dt.date, since: dt.date | None) -> None:
    location = str(path)
    try:
        stat = path.stat()
        prior = store.source(location)
        if prior is not None and prior.covers(since) and (prior.size, prior.mtime_ns) == (stat.st_size,
                                                                                       stat.st_mtime_ns):
            return
        data = path.read_bytes()
    except OSError as e:
        raise CaptureError(f"cannot read {path}: {e.strerror or e}; nothing was logged") from None
    try:
        for event in calendar_events.events(calendar_events.parse(data), start, end):
            run.tally.add_event(event)
    except NotCalendar as e:
        raise CaptureError(f"{path}: {e}; nothing was logged") from None
    kept = prior.since if prior is not None and prior.covers(since) else since
    run.states.append((SourceState("ics", location, size=stat.st_size, mtime_ns=stat.st_mtime_ns, since=kept), []))


def _read_account(name: str, run: Run, end: dt.date, since: dt.date | None, today: dt.date,
                  password: str | None) -> None:
    account = accounts.get(name)
    secret = password or keys.load(account.name)
    if not secret:
        raise CaptureError(f"no password for {account.name!r} in the keyring: pass it with --password-stdin")
    location = f"{ACCOUNT}{account.name}"
    prior = store.source(location)
    start = since or EARLIEST
    if prior is not None and prior.covers(since) and prior.scanned_to:
        start = max(start, dt.date.fromordinal(prior.scanned_to) - dt.timedelta(days=OVERLAP_DAYS))
    target = connection.Target(account.url, account.username, secret, account.ca_cert)
    try:
        with connection.explained(target):
            principal = connection.client(target).principal()
            for calendar in principal.calendars():
                if str(calendar.url).rstrip("/") == account.calendar_url.rstrip("/"):
                    continue  # netdesk's own calendar holds what netdesk wrote
                for found in calendar.search(start=start, end=end, event=True, expand=False):
                    data = found.data.encode() if isinstance(found.data, str) else found.data
                    for event in calendar_events.events(calendar_events.parse(data), start, end):
                        run.tally.add_event(event)
    except connection.SyncError as e:
        raise CaptureError(f"{location}: {e}; nothing was logged") from None
    except (NotCalendar, dav_error.DAVError) as e:
        raise CaptureError(f"{location}: {e}; nothing was logged") from None
    kept = prior.since if prior is not None and prior.covers(since) else since
    run.states.append((SourceState("caldav", location, scanned_to=today.toordinal(), since=kept), []))


def capture_calendar(sources: Sequence[str], *, today: dt.date, tz: dt.tzinfo, now: dt.datetime,
                     me: Sequence[str] = (), since: dt.date | None = None, dry_run: bool = False,
                     password: str | None = None) -> Captured:
    rules = capture_run.rules(today=today, tz=tz, me=me, since=since, now=now)
    run = Run("events", "calendar", Tally(rules))
    end = today + dt.timedelta(days=1)
    for given in dict.fromkeys(sources):
        if given.startswith(ACCOUNT):
            _read_account(given[len(ACCOUNT):], run, end, since, today, password)
        else:
            path = Path(given).expanduser().absolute()
            _read_file(path, run, since or EARLIEST, end, since)
    return capture_run.apply(run, today=today, dry_run=dry_run)
