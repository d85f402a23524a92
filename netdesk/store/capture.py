"""Capture's tables (schema v5): how far each source was read, what was logged, recent exchanges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from netdesk.domain.capture import Exchange, SourceState, Wanted
from netdesk.store import records as rs
from netdesk.store.contacts import now_stamp
from netdesk.store.models import database

_CHUNK = 500  # bound parameters per statement, well under SQLite's limit
_SOURCE = "id, kind, location, size, mtime_ns, scanned_to, tail_digest, uidvalidity, since"


def contact_emails() -> dict[str, tuple[int, ...]]:
    """Every contact email's key → the contacts that have it, in one statement."""
    found: dict[str, list[int]] = {}
    for key, contact_id in database.execute_sql("SELECT value_key, contact_id FROM email ORDER BY contact_id"):
        found.setdefault(key, []).append(contact_id)
    return {key: tuple(ids) for key, ids in found.items()}


def _state(row) -> SourceState:
    since = dt.date.fromisoformat(row[8]) if row[8] else None
    return SourceState(row[1], row[2], row[0], row[3], row[4], row[5], row[6], row[7], since)


def source(location: str) -> SourceState | None:
    row = database.execute_sql(f"SELECT {_SOURCE} FROM capture_source WHERE location = ?", (location,)).fetchone()
    return None if row is None else _state(row)


def sources(kind_prefix: str = "") -> list[SourceState]:
    rows = database.execute_sql(f"SELECT {_SOURCE} FROM capture_source WHERE location LIKE ? ORDER BY location",
                                (f"{kind_prefix}%",))
    return [_state(r) for r in rows]


def save_source(state: SourceState) -> int:
    """Insert or update by location; returns the row id."""
    cursor = database.execute_sql(
        "INSERT INTO capture_source (kind, location, size, mtime_ns, scanned_to, tail_digest, uidvalidity, since,"
        " scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(location) DO UPDATE SET kind = excluded.kind,"
        " size = excluded.size, mtime_ns = excluded.mtime_ns, scanned_to = excluded.scanned_to,"
        " tail_digest = excluded.tail_digest, uidvalidity = excluded.uidvalidity, since = excluded.since,"
        " scanned_at = excluded.scanned_at RETURNING id",
        (state.kind, state.location, state.size, state.mtime_ns, state.scanned_to, state.tail_digest,
         state.uidvalidity, state.since.isoformat() if state.since else None, now_stamp()))
    return cursor.fetchone()[0]


def items(source_id: int) -> set[str]:
    return {n for (n,) in database.execute_sql("SELECT name FROM capture_item WHERE source_id = ?", (source_id,))}


def add_items(source_id: int, names: Iterable[str]) -> None:
    database.cursor().executemany("INSERT OR IGNORE INTO capture_item (source_id, name) VALUES (?, ?)",
                                  [(source_id, n) for n in names])


def clear_items(source_id: int) -> None:
    database.execute_sql("DELETE FROM capture_item WHERE source_id = ?", (source_id,))


def _chunks(values: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def already_logged(keys: Iterable[str]) -> set[tuple[str, int]]:
    """The (key, contact) pairs among these keys that were captured before."""
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(sorted(set(keys))):
        marks = ",".join("?" * len(chunk))
        found.update(database.execute_sql(f"SELECT key, contact_id FROM capture_log WHERE key IN ({marks})", chunk))
    return found


def log(wanted: Iterable[Wanted], source: str) -> list[tuple[int, int]]:
    """One interaction per wanted (key, contact) with its capture row; returns (interaction id, contact id)."""
    kind = "email" if source == "mail" else "meeting"
    written = []
    rows = []
    for w in wanted:
        interaction_id = rs.add_interaction(w.contact_id, kind, w.on, w.note)
        written.append((interaction_id, w.contact_id))
        rows.append((w.key, w.contact_id, interaction_id, source))
    database.cursor().executemany(
        "INSERT INTO capture_log (key, contact_id, interaction_id, source) VALUES (?, ?, ?, ?)", rows)
    return written


def add_exchanges(exchanges: Iterable[Exchange]) -> None:
    database.cursor().executemany(
        "INSERT OR IGNORE INTO capture_exchange (email, key, name, on_date, sent) VALUES (?, ?, ?, ?, ?)",
        [(x.email, x.key, x.name, x.on.isoformat(), int(x.sent)) for x in exchanges])


def forget_exchanges_before(day: dt.date) -> None:
    """Exchanges older than the suggestions' window never count again (dates only move forward)."""
    database.execute_sql("DELETE FROM capture_exchange WHERE on_date < ?", (day.isoformat(),))


def exchange_counts(since: dt.date, minimum: int) -> dict[str, tuple[str, int]]:
    """email → (the latest name given, exchanges since `since`) for addresses that are no contact's."""
    rows = database.execute_sql(
        "SELECT x.email, count(*), max(CASE WHEN x.name != '' THEN x.on_date || char(1) || x.name END)"
        " FROM capture_exchange x WHERE x.on_date >= ?"
        " AND NOT EXISTS (SELECT 1 FROM email e WHERE e.value_key = x.email)"
        " GROUP BY x.email HAVING count(*) >= ?", (since.isoformat(), minimum))
    return {email: ((named or "\x01").split("\x01", 1)[1], n) for email, n, named in rows}


def captured_sources(interaction_ids: Iterable[int]) -> dict[int, str]:
    """interaction id → 'mail' or 'calendar' for those that capture logged (the timeline marks them)."""
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(set(interaction_ids))):
        marks = ",".join("?" * len(chunk))
        found.update(database.execute_sql(
            f"SELECT interaction_id, source FROM capture_log WHERE interaction_id IN ({marks})", chunk))
    return found


def links(interaction_ids: Iterable[int]) -> list[tuple[str, int, int]]:
    """(key, contact id, interaction id) of the capture rows behind these interactions (for an undo)."""
    found: list[tuple[str, int, int]] = []
    for chunk in _chunks(sorted(set(interaction_ids))):
        marks = ",".join("?" * len(chunk))
        found.extend(database.execute_sql(
            f"SELECT key, contact_id, interaction_id FROM capture_log WHERE interaction_id IN ({marks})", chunk))
    return found


def relink(rows: Iterable[tuple[str, int, int]]) -> None:
    """Point capture rows at their interactions again (a redo wrote them back with their ids)."""
    database.cursor().executemany(
        "UPDATE capture_log SET interaction_id = ? WHERE key = ? AND contact_id = ?"
        " AND EXISTS (SELECT 1 FROM interaction WHERE id = ?)",
        [(iid, key, cid, iid) for key, cid, iid in rows])
