"""Calendar use cases: render the reminders and meetings as iCalendar, export them, and the calendar settings.

Rendering goes through the component cache (store/ics_cache.py): only components whose inputs
changed are serialised by icalendar; the rest are reused as bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import secrets
import sys
import uuid
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import netdesk
from netdesk.domain import brief
from netdesk.domain.change import Change
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.meeting_event import MeetingEvent
from netdesk.errors import InvalidValue
from netdesk.exchange import ics
from netdesk.exchange.atomic import write_atomic
from netdesk.exchange.ics import IcsOptions, MeetingEntry, ReminderEntry
from netdesk.services.feed_setting import K_FEED_ON
from netdesk.store import calendar_reads, ics_cache, settings
from netdesk.store.db import transaction

MEETING_KEY = "meeting/"  # cache uids of meetings: MEETING_KEY + id (their calendar UID is opaque)
K_EXPORT_PATH = "calendar.export_path"
K_AUTO_EXPORT = "calendar.auto_export"
K_ALARM = "calendar.alarm"
K_BIRTHDAY_ALARM = "calendar.birthday_alarm"
K_TODO = "calendar.todo"
K_TOKEN = "calendar.feed_token"
K_PORT = "calendar.feed_port"
DEFAULT_PORT = 8765
TOKEN_BYTES = 24  # 192 bits; the issue asks for at least 128


@dataclass(frozen=True)
class CalendarSettings:
    export_path: str = ""
    auto_export: bool = False
    alarm: dt.time = dt.time(9, 0)
    todo: bool = False
    feed_enabled: bool = False
    feed_port: int = DEFAULT_PORT
    birthday_alarm: dt.time | None = None  # None: birthdays ring at `alarm` like the rest

    @property
    def options(self) -> IcsOptions:
        # The feed and the auto-exported file never carry private notes.
        return IcsOptions(todo=self.todo, alarm=self.alarm, birthday_alarm=self.birthday_alarm)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    etag: str
    last_modified: dt.datetime | None
    count: int
    serialised: int  # how many components icalendar had to serialise this time


def export_options(*, todo: bool | None = None, alarm: dt.time | None = None, with_notes: bool = False) -> IcsOptions:
    """The calendar preferences as the options of an export (the window's Export calendar…, the CLI's
    export-ics, the feed and the automatic export read the same): to-dos or events, the alarm times.
    `todo` and `alarm` override the stored preference when given; notes only when asked."""
    stored = load_settings().options
    return dataclasses.replace(stored, todo=stored.todo if todo is None else todo,
                               alarm=stored.alarm if alarm is None else alarm, with_notes=with_notes)


def parse_alarm(value: str) -> dt.time:
    try:
        hour, minute = value.strip().split(":")
        if not (hour.isdigit() and minute.isdigit() and len(minute) == 2):
            raise ValueError
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise InvalidValue(f"the alarm time is a time of day as HH:MM, not {value!r}") from None


def load_settings() -> CalendarSettings:
    default = CalendarSettings()
    try:
        alarm = parse_alarm(settings.get(K_ALARM, "09:00"))
    except InvalidValue:
        alarm = default.alarm
    try:
        birthday_alarm = parse_alarm(settings.get(K_BIRTHDAY_ALARM) or "")
    except InvalidValue:
        birthday_alarm = None
    return CalendarSettings(
        export_path=settings.get(K_EXPORT_PATH, "") or "",
        auto_export=bool(settings.get(K_AUTO_EXPORT, False)),
        alarm=alarm,
        todo=bool(settings.get(K_TODO, False)),
        feed_enabled=bool(settings.get(K_FEED_ON, False)),
        feed_port=int(settings.get(K_PORT, DEFAULT_PORT)),
        birthday_alarm=birthday_alarm,
    )


def save_settings(new: CalendarSettings) -> Change:
    if new.auto_export and not new.export_path.strip():
        raise InvalidValue("automatic export needs a file to write to")
    if not 0 <= new.feed_port <= 65535:
        raise InvalidValue(f"the feed port must be between 0 and 65535, not {new.feed_port}")
    with transaction():
        settings.put(K_EXPORT_PATH, new.export_path.strip())
        settings.put(K_AUTO_EXPORT, new.auto_export)
        settings.put(K_ALARM, f"{new.alarm:%H:%M}")
        settings.put(K_TODO, new.todo)
        settings.put(K_FEED_ON, new.feed_enabled)
        settings.put(K_PORT, new.feed_port)
        settings.put(K_BIRTHDAY_ALARM, None if new.birthday_alarm is None else f"{new.birthday_alarm:%H:%M}")
    return Change.of(settings=(K_EXPORT_PATH, K_AUTO_EXPORT, K_ALARM, K_TODO, K_FEED_ON, K_PORT, K_BIRTHDAY_ALARM))


def set_feed_enabled(enabled: bool) -> Change:
    settings.put(K_FEED_ON, enabled)
    return Change.of(settings=(K_FEED_ON,))


def feed_token() -> str:
    """The feed's secret path segment; made on first use."""
    token = settings.get(K_TOKEN)
    if not token:
        regenerate_token()
        token = settings.get(K_TOKEN)
    return token


def regenerate_token() -> Change:
    """A new secret (read it with `feed_token`): every old subscription URL stops working."""
    settings.put(K_TOKEN, secrets.token_urlsafe(TOKEN_BYTES))
    return Change.of(settings=(K_TOKEN,))


def feed_urls(port: int, token: str, host: str = "127.0.0.1") -> tuple[str, str]:
    """The http:// URL and its webcal:// twin (which calendar apps open as a subscription)."""
    path = f"{host}:{port}/{token}/netdesk.ics"
    return f"http://{path}", f"webcal://{path}"


def _utc(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(dt.UTC)


@dataclass(frozen=True)
class _Section:
    """The reminders' part of the calendar, with the key rows it was built from (in id order)."""

    keys: list[tuple]  # (id, uid, sequence, updated_at, contact name, contact notes or '')
    parts: list[bytes]
    data: bytes
    digest: bytes


# The last section per (store, options), for the feed and the window, which render again and again:
# unchanged keys mean unchanged bytes, so a render compares keys and serialises only what moved.
# Sections are immutable and replaced whole, so a render on another thread is never disturbed.
_memo: dict[tuple[str, str], _Section] = {}


def clear_cache() -> None:
    """Forget every cached reminder body (in the store and in memory); the next render rebuilds them."""
    ics_cache.clear()
    _memo.clear()


def _wanted(prefix: str, row: tuple, with_notes: bool) -> str:
    """A cached body's variant. The cache is keyed by SEQUENCE (every edit of a reminder bumps it and
    updated_at); the contact's name and notes can change without that, so they are in the key too."""
    _id, _uid, _seq, updated, contact, notes, shown = row
    return (f"{prefix}{updated}|{contact}" + (f"|o{shown}" if shown else "")
            + (f"|{ics.digest((notes,))}" if with_notes else ""))


def _reminder_section(options: IcsOptions, today: dt.date) -> tuple[_Section, list[tuple]]:
    prefix = options.key + "|"
    keys = ics_cache.reminder_keys(options.with_notes, today)
    memo_key = (ics_cache.store_path(), prefix)
    old = _memo.get(memo_key)
    if old is not None and old.keys == keys:
        return old, []
    parts: list[bytes | None]
    if old is not None and len(old.keys) == len(keys):
        # The usual change: same reminders, a few edited. Compare key rows (plain tuples, no hashing).
        parts = list(old.parts)
        moved = [i for i, (new, was) in enumerate(zip(keys, old.keys, strict=True)) if new != was]
        if any(keys[i][1] != old.keys[i][1] for i in moved):
            old = None  # rows came and went: take the general path
        else:
            missing = [(i, keys[i], _wanted(prefix, keys[i], options.with_notes)) for i in moved]
    if old is None:
        # A new process: every body comes from the store's table, in one scan.
        parts, missing = [], []
        get = ics_cache.cached_bodies(prefix, None).get
        notes = options.with_notes
        for position, row in enumerate(keys):
            hit = get(row[1])
            wanted = _wanted(prefix, row, True) if notes or row[6] else f"{prefix}{row[3]}|{row[4]}"
            if hit is not None and hit[1] == row[2] and hit[0] == wanted:
                parts.append(hit[2])
            else:
                parts.append(None)
                missing.append((position, row, wanted))
    elif len(old.keys) != len(keys):
        known = {row[1]: (row, body) for row, body in zip(old.keys, old.parts, strict=True)}
        parts, unknown = [], []
        for row in keys:
            remembered = known.get(row[1])
            if remembered is not None and remembered[0] == row:
                parts.append(remembered[1])
            else:
                unknown.append(len(parts))
                parts.append(None)
        table = ics_cache.cached_bodies(prefix, [keys[i][1] for i in unknown]) if unknown else {}
        missing = []
        for position in unknown:
            row = keys[position]
            wanted = _wanted(prefix, row, options.with_notes)
            hit = table.get(row[1])
            if hit is not None and hit[1] == row[2] and hit[0] == wanted:
                parts[position] = hit[2]
            else:
                missing.append((position, row, wanted))
    details = ics_cache.reminder_details([row[0] for _pos, row, _w in missing])
    fresh: list[tuple] = []
    for position, (rid, uid, sequence, updated, contact, notes, shown), wanted in missing:
        kind, due, title, detail, status, created = details[rid]
        entry = ReminderEntry(
            uid=uid, kind=ReminderKind(kind), contact=contact, due=dt.date.fromisoformat(str(due)), title=title,
            detail=detail, status=ReminderStatus(status), sequence=sequence, created_at=_utc(created),
            updated_at=_utc(updated), notes=notes, overdue_on=dt.date.fromisoformat(shown) if shown else None,
        )
        parts[position] = ics.reminder_bytes(entry, options)
        fresh.append((uid, options.key, wanted, sequence, parts[position]))
    data = b"".join(parts)  # type: ignore[arg-type]
    # SHA-256 runs in hardware on most CPUs: about twice blake2b's speed over the 6 MB of a 10k section.
    section = _Section(keys, parts, data, hashlib.sha256(data).digest())  # type: ignore[arg-type]
    if memo_key not in _memo and len(_memo) >= 4:
        _memo.clear()  # one store and a few option sets in practice; never grow without bound
    _memo[memo_key] = section
    return section, fresh


class _Placed(NamedTuple):
    """Where a meeting sits in time: all that the calendar's VTIMEZONEs need of it (ics.vtimezones)."""

    start: dt.datetime
    tzid: str


@functools.lru_cache(maxsize=1 << 14)  # every render places every meeting; most never move
def _place(at: str, tzid: str) -> _Placed:
    zone = ics.zone(tzid)
    start = dt.datetime.fromisoformat(at)
    start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
    return _Placed(start, tzid if zone is not dt.UTC else "UTC")


@functools.lru_cache(maxsize=1)
def _renderer() -> str:
    """The version of the code that turns a meeting's inputs into its event's bytes, salted into every
    meeting's fingerprint: after an upgrade that changes the brief or the event, cached bodies are rebuilt
    (their SEQUENCE grows only when the event really reads differently)."""
    sources = []
    for module in (brief, ics, calendar_reads, sys.modules[__name__]):
        try:
            sources.append(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source beside the module (a frozen build): its release names it
            sources.append(netdesk.__version__.encode())
    return hashlib.blake2b(b"\0".join(sources), digest_size=8).hexdigest()


def _meeting_entry(event: MeetingEvent, namespace: uuid.UUID, options: IcsOptions) -> MeetingEntry:
    placed = _place(event.at, event.tzid)
    # Read without notes, the store has already blanked every private note (the meeting's, the contact's
    # and the interactions' in the brief).
    private = "\n".join(n.strip() for n in (event.notes, event.contact_notes) if n and n.strip())
    return MeetingEntry(
        uid=f"{uuid.uuid5(namespace, f'meeting/{event.id}')}@netdesk", contact=event.contact, start=placed.start,
        tzid=placed.tzid, duration=dt.timedelta(minutes=event.duration_minutes), purpose=event.purpose,
        location=event.location, description=brief.render(event.brief), notes=private,
    )


def _meeting_parts(options: IcsOptions, now: dt.datetime
                   ) -> tuple[list[bytes], list[_Placed], list[tuple], int, dt.datetime | None]:
    """Meetings have no revision columns, so the cache remembers their SEQUENCE and when they last changed.

    A meeting's cache variant is `<key>|<fingerprint of its inputs>|<digest of its event>|<stamp>`. The
    fingerprint (every input, the brief's facts included, read in one statement) says whether the body
    is current without building the brief. When it moved, the event is built again; its SEQUENCE and
    stamp move only if the event itself differs (a fact the event does not show may have changed).
    Rows are keyed by `notes or not` only (a meeting has no alarm and is always a VEVENT), so changing
    the alarm or VEVENT/VTODO never restarts a meeting's SEQUENCE.
    """
    key = f"meeting/{'notes' if options.with_notes else '-'}"
    prefix = key + "|"
    namespace = uuid.UUID(settings.store_id())
    rows = calendar_reads.meeting_rows(with_notes=options.with_notes, uid_prefix=MEETING_KEY, key_prefix=prefix,
                                       salt=_renderer())
    parts, placed, fresh = [], [], []
    serialised = 0
    newest = ""  # stamps are UTC as %Y-%m-%dT%H:%M:%SZ, so the newest is the greatest string
    for row in rows:
        placed.append(_place(row.at, row.tzid))
        cached = row.cached
        old = cached.variant.split("|") if cached is not None else []
        if cached is not None and len(old) == 4 and old[1] == row.fingerprint:
            stamp = old[3]
            parts.append(cached.body)
        else:
            entry = _meeting_entry(calendar_reads.event(row), namespace, options)
            digest = entry.digest()
            # Variants written before fingerprints were `<key>|<event digest>|<stamp>`.
            if cached is not None and len(old) in (3, 4) and old[-2] == digest:
                stamp, sequence = old[-1], cached.sequence
            else:
                stamp, sequence = f"{now:%Y-%m-%dT%H:%M:%SZ}", 0 if cached is None else cached.sequence + 1
            body = ics.meeting_component(entry, sequence, _utc(stamp), options).to_ical()
            serialised += 1
            parts.append(body)
            fresh.append((f"{MEETING_KEY}{row.id}", key, f"{prefix}{row.fingerprint}|{digest}|{stamp}", sequence, body))
        newest = max(newest, stamp)
    return parts, placed, fresh, serialised, _utc(newest) if newest else None


def render(options: IcsOptions, today: dt.date, now: dt.datetime | None = None) -> Rendered:
    """The whole calendar, fresh from the store. `now` only stamps meetings that changed; `today` is the day
    an overdue open reminder is shown on (issue 19: the phone shows it), the one thing the day changes."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    with transaction():  # one read snapshot, so reminders, their details and meetings agree
        section, fresh = _reminder_section(options, today)
        meeting_parts, placed, fresh_meetings, meetings_serialised, newest_meeting = _meeting_parts(options, now)
    ics_cache.store(fresh + fresh_meetings)
    head = b"".join([ics.calendar_head(), *ics.vtimezones(placed), *meeting_parts])
    # The ETag covers every byte: the head itself plus the digest of the (large) reminder section.
    etag = hashlib.blake2b(head + section.digest, digest_size=16).hexdigest()
    newest = max(map(itemgetter(3), section.keys), default=None)
    stamps = [s for s in (_utc(newest) if newest else None, newest_meeting) if s is not None]
    return Rendered(
        data=b"".join([head, section.data, ics.CALENDAR_END]), etag=etag,
        last_modified=max(stamps) if stamps else None,
        count=len(section.parts) + len(meeting_parts), serialised=len(fresh) + meetings_serialised,
    )


def export_ics(path: Path, options: IcsOptions, today: dt.date | None = None) -> int:
    """Write every reminder (closed ones as cancelled or completed) and meeting atomically; returns the count."""
    rendered = render(options, today or dt.date.today())
    write_atomic(path, rendered.data)
    return rendered.count


def calendar_objects(options: IcsOptions, now: dt.datetime | None = None,
                     today: dt.date | None = None) -> list[tuple[str, bytes]]:
    """Every reminder and meeting as its own calendar object (uid, VCALENDAR bytes), as a CalDAV server
    stores them: the same component bytes as `render` (one builder), a meeting with its VTIMEZONE."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    with transaction():
        section, fresh = _reminder_section(options, today or dt.date.today())
        meeting_parts, placed, fresh_meetings, _count, _newest = _meeting_parts(options, now)
    ics_cache.store(fresh + fresh_meetings)
    head = ics.object_head()
    objects = [(row[1], b"".join([head, part, ics.CALENDAR_END])) for row, part in zip(section.keys, section.parts,
                                                                                      strict=True)]
    for part, where in zip(meeting_parts, placed, strict=True):
        objects.append((ics.uid_of(part), b"".join([head, *ics.vtimezones([where]), part, ics.CALENDAR_END])))
    return objects
