"""What the calendar reads about meetings, in one statement for all of them, and how it tells the store moved.

A meeting's event carries its brief (who referred you, the introduction chain, referrals, the last
interactions, open asks and loops). All of it is read for every meeting by one statement of
correlated, indexed sub-queries, so an export costs the same few statements with 10 or 10,000
meetings. The row's inputs are digested into a fingerprint: a cached event whose variant carries the
same fingerprint is current, and only the meetings whose inputs moved are turned into facts and
serialised again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netdesk.domain.brief import BriefFacts
from netdesk.domain.meeting_event import CachedComponent, MeetingEvent, MeetingRow
from netdesk.store.db import database
from netdesk.store.referrals import CHAIN_LIMIT

# The walk is store/referrals.py's (same start, same stop at a repeat, same limit), for every meeting at
# once: it starts at the meeting's "referred by", else at whoever introduced the contact.
# Every input of the event comes back as one JSON text: Python then makes one string per meeting, not twenty
# objects, and the fingerprint is a digest of that text. Lists carry their sort keys (dates, ids, depth):
# SQLite does not promise the order in which an aggregate sees its rows, so `event()` sorts them again; the
# fingerprint only needs the same text for the same data.
_MEETINGS = """
WITH RECURSIVE walk(meeting, id, name, next, depth, path) AS (
    SELECT m.id, c.id, c.name, c.introduced_by_id, 1, ',' || m.contact_id || ',' || c.id || ','
      FROM meeting m JOIN contact mc ON mc.id = m.contact_id
      JOIN contact c ON c.id = coalesce(m.referred_by_id, mc.introduced_by_id)
     WHERE c.id != m.contact_id {where}
    UNION ALL
    SELECT w.meeting, c.id, c.name, c.introduced_by_id, w.depth + 1, w.path || c.id || ','
      FROM walk w JOIN contact c ON c.id = w.next
     WHERE w.depth < :limit AND instr(w.path, ',' || c.id || ',') = 0
), chains(meeting, names) AS (
    SELECT meeting, json_group_array(json_array(depth, name)) FROM walk GROUP BY meeting
)
SELECT m.id, m.at, m.tzid, k.variant, k.sequence, k.body, json_array(
       m.at, m.tzid, m.duration_minutes, m.purpose, m.location, CASE WHEN :notes THEN m.notes ELSE '' END,
       c.name, c.organisation, c.title, c.how_met, CASE WHEN :notes THEN c.notes ELSE '' END, rb.name,
       coalesce(ch.names, '[]'),
       (SELECT json_group_array(json_array(r.on_date, r.id, coalesce(s.name, '?'), coalesce(t.name, '?')))
          FROM (SELECT id, on_date, seeker_id, target_id FROM referral
                 WHERE seeker_id = m.contact_id OR target_id = m.contact_id
                 ORDER BY on_date DESC, id DESC LIMIT 5) r
          LEFT JOIN contact s ON s.id = r.seeker_id LEFT JOIN contact t ON t.id = r.target_id),
       (SELECT json_group_array(json_array(on_date, id, kind, CASE WHEN :notes THEN note ELSE '' END))
          FROM (SELECT on_date, id, kind, note FROM interaction WHERE contact_id = m.contact_id
                 ORDER BY on_date DESC, id DESC LIMIT 3)),
       (SELECT json_group_array(json_array(on_date, id, effort, purpose))
          FROM ask WHERE contact_id = m.contact_id AND status = 'open'),
       (SELECT json_group_array(json_array(on_date, id, text, outcome))
          FROM lead WHERE contact_id = m.contact_id AND reported_on IS NULL))
  FROM meeting m
  JOIN contact c ON c.id = m.contact_id
  LEFT JOIN contact rb ON rb.id = m.referred_by_id
  LEFT JOIN chains ch ON ch.meeting = m.id
  LEFT JOIN ics_component k ON k.uid = :uid || m.id AND substr(k.variant, 1, length(:key)) = :key
 WHERE 1 {where}
 ORDER BY m.at, m.id
"""
_ONE = "AND m.id = :id"


def meeting_rows(*, with_notes: bool, uid_prefix: str, key_prefix: str, salt: str = "") -> list[MeetingRow]:
    """Every meeting in calendar order, with its cached component (uid `uid_prefix + id`, variant starting
    with `key_prefix`) and the fingerprint of its inputs (private notes among them only `with_notes`).

    `salt` goes into every fingerprint: the caller's renderer version, so new code re-renders."""
    params = {"limit": CHAIN_LIMIT, "notes": int(with_notes), "uid": uid_prefix, "key": key_prefix}
    rows = database.execute_sql(_MEETINGS.format(where=""), params).fetchall()
    salted = salt.encode()
    return [
        MeetingRow(mid, at, tzid, hashlib.blake2b(salted + inputs.encode(), digest_size=12).hexdigest(),
                   None if body is None else CachedComponent(variant, sequence, body), inputs)
        for mid, at, tzid, variant, sequence, body, inputs in rows
    ]


def _list(value) -> list:
    # An aggregate's JSON arrives nested, or as text where SQLite drops its JSON subtype (from a CTE).
    return json.loads(value) if isinstance(value, str) else value


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _in_zone(stored: str, tzid: str) -> dt.datetime:
    """The stored instant on the meeting's own clock: a time typed into a spring gap before the
    time-zone fix was stored with the offset the user assumed (02:30+01:00); the brief must say the
    instant the calendar shows (03:30+02:00), not echo the typed text."""
    at = dt.datetime.fromisoformat(stored)
    if at.tzinfo is None:
        return at
    try:
        return at.astimezone(ZoneInfo(tzid))
    except (ZoneInfoNotFoundError, ValueError):
        return at


def event(row: MeetingRow) -> MeetingEvent:
    """The facts of one meeting's event, from the inputs `meeting_rows` read (no query)."""
    (at, tzid, minutes, purpose, location, notes, name, organisation, title, how_met, contact_notes, referred_by,
     chain, referrals, interactions, asks, leads) = json.loads(row.inputs)
    introducers = [n for _depth, n in sorted(_list(chain), reverse=True)]
    referral_rows = sorted(_list(referrals), reverse=True)
    facts = BriefFacts(
        contact=name,
        at=_in_zone(at, tzid),
        purpose=purpose,
        organisation=organisation,
        title=title,
        how_met=how_met,
        referred_by=referred_by,
        chain=[*introducers, name],
        referrals=[f"on {_day(on).isoformat()} you gave {seeker} the name of {target}"
                   for on, _id, seeker, target in referral_rows],
        interactions=[(_day(on), kind, note) for on, _id, kind, note in sorted(_list(interactions), reverse=True)],
        open_asks=[(_day(on), effort, why) for on, _id, effort, why in sorted(_list(asks))],
        open_loops=[f"lead of {_day(on).isoformat()} ({text}): "
                    + ("no outcome yet" if outcome is None else f"outcome not yet reported: {outcome}")
                    for on, _id, text, outcome in sorted(_list(leads))],
    )
    return MeetingEvent(id=row.id, contact=name, at=at, tzid=tzid, duration_minutes=minutes, purpose=purpose,
                        location=location, notes=notes, contact_notes=contact_notes, brief=facts)


def meeting_event(meeting_id: int, *, with_notes: bool = True) -> MeetingEvent | None:
    """One meeting's event facts (the brief with interaction notes unless `with_notes` is False), or None."""
    params = {"limit": CHAIN_LIMIT, "notes": int(with_notes), "uid": "", "key": "", "id": int(meeting_id)}
    found = database.execute_sql(_MEETINGS.format(where=_ONE), params).fetchone()
    if found is None:
        return None
    return event(MeetingRow(found[0], found[1], found[2], "", None, found[6]))


def keep_connection() -> None:
    """Open the calling thread's own connection if it has none, and leave it open (the feed's render
    thread: its page cache stays warm from one render to the next)."""
    database.connect(reuse_if_open=True)


def close_connection() -> None:
    """Close the calling thread's own connection, if open."""
    if not database.is_closed():
        database.close()


def written_by_this_process() -> bool:
    """Whether this thread's connection to the open store has changed anything since it opened (the
    auto-export after a CLI command; migrations count too, harmlessly). False when no store is open."""
    return not database.is_closed() and database.connection().total_changes > 0
