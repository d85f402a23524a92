"""Calendar use cases: render the reminders and meetings as iCalendar, export them, and the calendar settings.

Rendering goes through the component cache (store/ics_cache.py): only components whose inputs
changed are serialised by icalendar; the rest are reused as bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path

from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.errors import InvalidValue
from netdesk.exchange import ics
from netdesk.exchange.atomic import write_atomic
from netdesk.exchange.ics import IcsOptions, MeetingEntry, ReminderEntry
from netdesk.store import ics_cache, settings

MEETING_KEY = "meeting/"  # cache uids of meetings: MEETING_KEY + id (their calendar UID is opaque)
K_EXPORT_PATH = "calendar.export_path"
K_AUTO_EXPORT = "calendar.auto_export"
K_ALARM = "calendar.alarm"
K_TODO = "calendar.todo"
K_TOKEN = "calendar.feed_token"
K_PORT = "calendar.feed_port"
K_FEED_ON = "calendar.feed_enabled"
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

    @property
    def options(self) -> IcsOptions:
        # The feed and the auto-exported file never carry private notes.
        return IcsOptions(todo=self.todo, alarm=self.alarm)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    etag: str
    last_modified: dt.datetime | None
    count: int
    serialised: int  # how many components icalendar had to serialise this time


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
    return CalendarSettings(
        export_path=settings.get(K_EXPORT_PATH, "") or "",
        auto_export=bool(settings.get(K_AUTO_EXPORT, False)),
        alarm=alarm,
        todo=bool(settings.get(K_TODO, False)),
        feed_enabled=bool(settings.get(K_FEED_ON, False)),
        feed_port=int(settings.get(K_PORT, DEFAULT_PORT)),
    )


def save_settings(new: CalendarSettings) -> CalendarSettings:
    if new.auto_export and not new.export_path.strip():
        raise InvalidValue("automatic export needs a file to write to")
    if not 0 <= new.feed_port <= 65535:
        raise InvalidValue(f"the feed port must be between 0 and 65535, not {new.feed_port}")
    from netdesk.store.models import database

    with database.atomic():
        settings.put(K_EXPORT_PATH, new.export_path.strip())
        settings.put(K_AUTO_EXPORT, new.auto_export)
        settings.put(K_ALARM, f"{new.alarm:%H:%M}")
        settings.put(K_TODO, new.todo)
        settings.put(K_FEED_ON, new.feed_enabled)
        settings.put(K_PORT, new.feed_port)
    return new


def set_feed_enabled(enabled: bool) -> None:
    settings.put(K_FEED_ON, enabled)


def feed_token() -> str:
    """The feed's secret path segment; made on first use."""
    token = settings.get(K_TOKEN)
    return token if token else regenerate_token()


def regenerate_token() -> str:
    """A new secret: every old subscription URL stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    settings.put(K_TOKEN, token)
    return token


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
    _id, _uid, _seq, updated, contact, notes = row
    return f"{prefix}{updated}|{contact}" + (f"|{ics.digest((notes,))}" if with_notes else "")


def _reminder_section(options: IcsOptions) -> tuple[_Section, list[tuple]]:
    prefix = options.key + "|"
    keys = ics_cache.reminder_keys(options.with_notes)
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
    if old is None or len(old.keys) != len(keys):
        known = {row[1]: (row, body) for row, body in zip(old.keys, old.parts, strict=True)} if old else {}
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
    for position, (rid, uid, sequence, updated, contact, notes), wanted in missing:
        kind, due, title, detail, status, created = details[rid]
        entry = ReminderEntry(
            uid=uid, kind=ReminderKind(kind), contact=contact, due=dt.date.fromisoformat(str(due)), title=title,
            detail=detail, status=ReminderStatus(status), sequence=sequence, created_at=_utc(created),
            updated_at=_utc(updated), notes=notes,
        )
        parts[position] = ics.reminder_bytes(entry, options)
        fresh.append((uid, options.key, wanted, sequence, parts[position]))
    data = b"".join(parts)  # type: ignore[arg-type]
    section = _Section(keys, parts, data, hashlib.blake2b(data, digest_size=16).digest())  # type: ignore[arg-type]
    if memo_key not in _memo and len(_memo) >= 4:
        _memo.clear()  # one store and a few option sets in practice; never grow without bound
    _memo[memo_key] = section
    return section, fresh


def _meeting_brief(meeting_id: int, today: dt.date, with_notes: bool, purpose: str, referred_by: str | None) -> str:
    """The prepare brief (services/meetings.py). Interaction notes in it are private: blanked without --with-notes."""
    try:
        from netdesk.domain import brief
        from netdesk.services.meetings import brief_facts
    except ImportError:  # the etiquette work is not there: purpose and referrer still help
        lines = [f"Purpose: {purpose.strip()}" if purpose.strip() else "Purpose: not recorded"]
        if referred_by:
            lines.append(f"Referred by: {referred_by}")
        return "\n".join(lines)
    facts = brief_facts(meeting_id)
    if not with_notes:
        facts = replace(facts, interactions=[(on, kind, "") for on, kind, _note in facts.interactions])
    return brief.render(facts)


def _meeting_parts(options: IcsOptions, today: dt.date, now: dt.datetime
                   ) -> tuple[list[bytes], list[MeetingEntry], list[tuple], dt.datetime | None]:
    """Meetings have no revision columns, so the cache remembers their SEQUENCE and when they last changed.

    Their rows are keyed by `notes or not` only (a meeting has no alarm and is always a VEVENT), so
    changing the alarm or VEVENT/VTODO never restarts a meeting's SEQUENCE.
    """
    key = f"meeting/{'notes' if options.with_notes else '-'}"
    prefix = key + "|"
    namespace = uuid.UUID(settings.store_id())
    parts, entries, fresh = [], [], []
    newest: dt.datetime | None = None
    for (mid, at, tzid, minutes, purpose, location, notes, name, contact_notes, referred_by,
         variant, sequence, body) in ics_cache.meeting_rows(MEETING_KEY, prefix):
        zone = ics.zone(tzid)
        start = dt.datetime.fromisoformat(at)
        start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
        private = "\n".join(n.strip() for n in (notes, contact_notes) if n and n.strip())
        entry = MeetingEntry(
            uid=f"{uuid.uuid5(namespace, f'meeting/{mid}')}@netdesk", contact=name, start=start,
            tzid=tzid if zone is not dt.UTC else "UTC", duration=dt.timedelta(minutes=minutes), purpose=purpose,
            location=location, description=_meeting_brief(mid, today, options.with_notes, purpose, referred_by),
            notes=private if options.with_notes else "",
        )
        entries.append(entry)
        old = (variant or "").split("|")
        if body is not None and len(old) == 3 and old[1] == entry.digest():
            stamp = _utc(old[2])
            parts.append(body)
        else:
            stamp = now
            sequence = 0 if sequence is None else sequence + 1
            body = ics.meeting_component(entry, sequence, stamp, options).to_ical()
            parts.append(body)
            fresh.append((f"{MEETING_KEY}{mid}", key,
                          f"{prefix}{entry.digest()}|{stamp:%Y-%m-%dT%H:%M:%SZ}", sequence, body))
        newest = stamp if newest is None or stamp > newest else newest
    return parts, entries, fresh, newest


def render(options: IcsOptions, today: dt.date, now: dt.datetime | None = None) -> Rendered:
    """The whole calendar, fresh from the store. `now` only stamps meetings that changed."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    from netdesk.store.models import database

    with database.atomic():  # one read snapshot, so reminders, their details and meetings agree
        section, fresh = _reminder_section(options)
        meeting_parts, meetings, fresh_meetings, newest_meeting = _meeting_parts(options, today, now)
    ics_cache.store(fresh + fresh_meetings)
    head = b"".join([ics.calendar_head(), *ics.vtimezones(meetings), *meeting_parts])
    # The ETag covers every byte: the head itself plus the digest of the (large) reminder section.
    etag = hashlib.blake2b(head + section.digest, digest_size=16).hexdigest()
    newest = max(map(itemgetter(3), section.keys), default=None)
    stamps = [s for s in (_utc(newest) if newest else None, newest_meeting) if s is not None]
    return Rendered(
        data=b"".join([head, section.data, ics.CALENDAR_END]), etag=etag,
        last_modified=max(stamps) if stamps else None,
        count=len(section.parts) + len(meeting_parts), serialised=len(fresh) + len(fresh_meetings),
    )


def export_ics(path: Path, options: IcsOptions, today: dt.date | None = None) -> int:
    """Write every reminder (closed ones as cancelled or completed) and meeting atomically; returns the count."""
    rendered = render(options, today or dt.date.today())
    write_atomic(path, rendered.data)
    return rendered.count
