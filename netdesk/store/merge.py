"""Merging one contact's rows into another's: details without duplicates, history re-pointed, nothing lost.

Every row that refers to the other contact is re-pointed at the kept one. The referring columns are found
from SQLite's foreign-key list rather than a hand-kept list of tables, so history a later migration adds
(a new table with `REFERENCES contact(id)`) is carried over too. The caller holds the transaction.
"""

from __future__ import annotations

from netdesk.domain.text import fold
from netdesk.store import bulk_import, contact_flags
from netdesk.store.contacts import now_stamp, search_text_for
from netdesk.store.export_reads import records
from netdesk.store.models import database

# Tables whose rows are details of a contact rather than history: merged without duplicates.
_DETAILS = {"email", "phone", "url", "address", "contact_tag"}


def _references() -> list[tuple[str, str]]:
    """(table, column) pairs that refer to contact(id)."""
    c = database.connection()
    found = []
    for (table,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        for fk in c.execute(f'PRAGMA foreign_key_list("{table}")'):
            if fk[2] == "contact":
                found.append((table, fk[3]))
    return found


def merge(keep_id: int, other_id: int) -> dict[str, int]:
    """Move everything of contact `other_id` to `keep_id`, then remove it; returns table → rows re-pointed."""
    c = database.connection()
    moved: dict[str, int] = {}
    _merge_fields(keep_id, other_id)
    for table, column in _references():
        if table in _DETAILS:
            continue
        if table == "referral":
            # A referral between the two records would become "referred to themself" (refused by CHECK);
            # keep its facts in the notes instead of dropping them silently.
            _self_referrals(keep_id, other_id)
        if table == "contact":
            c.execute(f'UPDATE contact SET "{column}" = NULL WHERE id = ? AND "{column}" = ?', (keep_id, other_id))
        cursor = c.execute(f'UPDATE OR IGNORE "{table}" SET "{column}" = ? WHERE "{column}" = ?',
                           (keep_id, other_id))
        if cursor.rowcount:
            moved[table] = moved.get(table, 0) + cursor.rowcount
    c.execute("UPDATE reminder SET contact_name = (SELECT name FROM contact WHERE id = ?) WHERE contact_id = ?",
              (keep_id, keep_id))
    c.execute("DELETE FROM contact WHERE id = ?", (other_id,))
    search_text_for([keep_id])
    return moved


def _self_referrals(keep_id: int, other_id: int) -> None:
    c = database.connection()
    pairs = c.execute("SELECT id, on_date, note FROM referral WHERE (seeker_id = ? AND target_id = ?)"
                      " OR (seeker_id = ? AND target_id = ?)", (keep_id, other_id, other_id, keep_id)).fetchall()
    for rid, on_date, note in pairs:
        text = f"Merged record: a referral between the two records on {on_date}" + (f" ({note})" if note else "")
        c.execute("UPDATE contact SET notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || char(10) || ? END"
                  " WHERE id = ?", (text, text, keep_id))
        c.execute("DELETE FROM referral WHERE id = ?", (rid,))


def _merge_fields(keep_id: int, other_id: int) -> None:
    """Details of the other contact that the kept one lacks: fields, emails, phones, urls, addresses, tags."""
    c = database.connection()
    other = next(records([other_id]))
    kept = contact_flags.without_flags(other.extra)  # the kept contact stays as archived (or not) as it was
    other.extra.clear()
    other.extra.update(kept)
    keep_row = c.execute("SELECT name, linkedin_url, extra FROM contact WHERE id = ?", (keep_id,)).fetchone()
    # The LinkedIn URL is unique; free it on the other contact before the kept one takes it.
    c.execute("UPDATE contact SET linkedin_url = NULL WHERE id = ?", (other_id,))
    if other.name and fold(other.name) != fold(keep_row[0]):
        other.extra.setdefault("other_names", [])
        if other.name not in other.extra["other_names"]:
            other.extra["other_names"].append(other.name)
    bulk_import.merge_into(keep_id, other, now_stamp())
    _merge_scalars(keep_id, other_id)
    tags = [t for (t,) in c.execute("SELECT tag_id FROM contact_tag WHERE contact_id = ?", (other_id,))]
    c.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", [(keep_id, t) for t in tags])


def _merge_scalars(keep_id: int, other_id: int) -> None:
    """The fields `merge_into` does not cover: dates, cadence, permission, strength, offer."""
    c = database.connection()
    c.execute(
        """
        UPDATE contact SET
            created_on = min(created_on, (SELECT created_on FROM contact WHERE id = :o)),
            every_days = coalesce(every_days, (SELECT every_days FROM contact WHERE id = :o)),
            name_ok = max(name_ok, (SELECT name_ok FROM contact WHERE id = :o)),
            strength = max(strength, (SELECT strength FROM contact WHERE id = :o)),
            offer = CASE WHEN offer = '' THEN (SELECT offer FROM contact WHERE id = :o)
                         WHEN (SELECT offer FROM contact WHERE id = :o) IN ('', offer) THEN offer
                         ELSE offer || char(10) || (SELECT offer FROM contact WHERE id = :o) END,
            introduced_by_id = coalesce(introduced_by_id, (SELECT introduced_by_id FROM contact WHERE id = :o))
        WHERE id = :k
        """,
        {"k": keep_id, "o": other_id},
    )
    c.execute("UPDATE contact SET introduced_by_id = NULL WHERE id = ? AND introduced_by_id IN (?, ?)",
              (keep_id, keep_id, other_id))
