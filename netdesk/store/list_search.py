"""The first rows of a name-ordered contact search, read without finding every match.

A keystroke in the search box needs only the rows on screen. The trigram index finds every match and
then sorts them: instant for a rare word, slow for a common one (the 35k matches of 'con' at 100k
contacts take 40 ms to read and sort). Walking the name-ordered covering index (schema v2) and stopping
at the first hits is the opposite: instant for 'con', hopeless for '山' (CJK names sort last). So the
walk is bounded to SCAN_BUDGET contacts (about 2 ms); a word that does not fill the page within them
is rare there, and the index answers it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from netdesk.store.contact_flags import active_sql
from netdesk.store.models import database

SCAN_BUDGET = 5000


def scan_first(terms: Sequence[str], *, tag: str | None, descending: bool, limit: int,
               budget: int = SCAN_BUDGET) -> list[int] | None:
    """Ids of the first `limit` contacts in name order whose folded text contains every term, found
    among the first `budget` contacts; None when that is not known without looking further."""
    direction = "DESC" if descending else "ASC"
    # Where the walk stops: the budget-th contact in this order, read from the narrow name index.
    edge = database.execute_sql(
        f"SELECT sort_name, id FROM contact INDEXED BY contact_sort_name"
        f" ORDER BY sort_name {direction}, id {direction} LIMIT 1 OFFSET ?", (budget - 1,)).fetchone()
    where = ["instr(search_text, ?) > 0"] * len(terms) + [active_sql("contact")]
    params: list = list(terms)
    if edge is not None:
        where.append(f"(sort_name, id) {'>=' if descending else '<='} (?, ?)")
        params.extend(edge)
    if tag:
        where.append("id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                     " WHERE t.name = ?)")
        params.append(tag)
    params.append(limit)
    # One ordered walk of the covering index (no sort step), ending at the first `limit` hits or the edge.
    sql = (f"SELECT id FROM contact INDEXED BY contact_search_cover WHERE {' AND '.join(where) or '1'}"
           f" ORDER BY sort_name {direction}, id {direction} LIMIT ?")
    ids = [cid for (cid,) in database.execute_sql(sql, params)]
    # Fewer hits than asked are the whole answer only if the walk reached the last contact.
    return ids if len(ids) == limit or edge is None else None
