"""The introduction chain: who introduced a contact, who introduced that person, and so on.

One walk serves the contact card, the loop check on "introduced by" and the meeting brief.
"""

from __future__ import annotations

from netdesk.store.db import database

# Introductions deeper than this are not worth showing; the walk also stops at the first repeated
# person, so a loop in bad data ends there.
CHAIN_LIMIT = 25

# `path` is the ids walked so far as ",a,b,", so a repeat is found with instr() and the walk stops there.
_WALK = """
WITH RECURSIVE walk(id, name, next, depth, path) AS (
    SELECT c.id, c.name, c.introduced_by_id, 1, ',' || :contact || ',' || c.id || ','
    FROM contact c
    WHERE c.id = coalesce(:first, (SELECT introduced_by_id FROM contact WHERE id = :contact))
      AND c.id != :contact
    UNION ALL
    SELECT c.id, c.name, c.introduced_by_id, w.depth + 1, w.path || c.id || ','
    FROM walk w JOIN contact c ON c.id = w.next
    WHERE w.depth < :limit AND instr(w.path, ',' || c.id || ',') = 0
)
SELECT id, name FROM walk ORDER BY depth
"""


def chain(contact_id: int, limit: int = CHAIN_LIMIT, *, first: int | None = None) -> list[tuple[int, str]]:
    """The introducers of `contact_id` as (id, name), nearest first, at most `limit` of them.

    `first` starts the walk at that person instead of the contact's own introducer (a meeting's
    "referred by"). The contact itself and anyone already walked end the chain.
    """
    params = {"contact": int(contact_id), "first": None if first is None else int(first), "limit": int(limit)}
    return [(cid, name) for cid, name in database.execute_sql(_WALK, params).fetchall()]


def partners(contact_id: int) -> list[int]:
    """The contacts on the other side of this one's referrals (as seeker or as target)."""
    rows = database.execute_sql(
        "SELECT target_id FROM referral WHERE seeker_id = ? UNION SELECT seeker_id FROM referral WHERE target_id = ?",
        (contact_id, contact_id)).fetchall()
    return sorted(cid for (cid,) in rows if cid != contact_id)
