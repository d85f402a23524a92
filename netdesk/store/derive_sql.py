"""Set-wise reminder derivation: the rules of `domain/rules.py`, written as SQL over the whole store.

A per-record Python loop over 100k contacts takes seconds; these statements take a fraction of one.
The desired reminders are the temp view `wanted` (one SELECT per rule, UNION ALL; only the prepare
rows, whose brief is prose written in Python, are stored in temp table `want`). `reconcile_want` reads
it in one pass against `reminder`, then updates, cancels and inserts in a handful of statements. The
wording comes from the same templates as the Python rules, and a property test checks that the two
paths agree.

`last_contacted` stands in for "the latest touch-point": an interaction, a favour received or thanks given
(issue 19). Triggers on `interaction` keep it true for interactions; `refresh_last_contacted`, run first by
every derivation, adds the favours and thanks (schema 6 has no trigger on those tables).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from netdesk.domain.identity import contact_default_uid, reminder_uid_from
from netdesk.domain.kinds import ReminderKind as K
from netdesk.domain.rules import BIRTHDAY_LATE_DAYS, DETAILS, TITLES, RuleSettings, reminder_uid
from netdesk.store.contact_flags import active_sql, cadence_from_sql
from netdesk.store.models import database

ACTIVE_SQL = "('open','snoozed')"
_INSERT = "INSERT INTO temp.want (kind, source, source_id, contact_id, contact_name, due, title, detail, closed) "
_MATCH = "r.source = w.source AND r.source_id = w.source_id AND r.kind = w.kind"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def render(template: str, **columns: str) -> str:
    """A wording template as an SQL expression: `"Thank {name}"` → `('Thank ' || c.name)`."""
    parts: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(_lit(literal))
        if name is not None:
            parts.append(f"coalesce({columns[name]}, '')")
    return "(" + (" || ".join(parts) or "''") + ")"


def _t(kind: K, source: str, **columns: str) -> str:
    return f"{render(TITLES[(kind, source)], **columns)}, {render(DETAILS[(kind, source)], **columns)}"


def _delay(days: int) -> str:
    return _lit(f"{days:+d} days")


def _scope(*columns: str, scoped: bool) -> str:
    if not scoped:
        return ""
    return " WHERE " + " OR ".join(f"{col} IN (SELECT contact_id FROM temp.derive_scope)" for col in columns)


def _birthday_statement(today: dt.date, scoped: bool, column: str = "birthday") -> str:
    """`rules.next_birthday` in SQL: the day on or after `today` less the late days, 29 February kept on the
    28th in other years. `date(x, '+0 days')` normalises an impossible day, which is how both are found.
    `column` 'anniversary' gives the anniversary reminders the same way (kind and source 'anniversary')."""
    kind = K.BIRTHDAY if column == "birthday" else K.ANNIVERSARY
    live = active_sql("c")
    start = _lit((today - dt.timedelta(days=BIRTHDAY_LATE_DAYS)).isoformat())
    year = f"substr({start}, 1, 4)"
    following = f"printf('%04d', CAST({year} AS INTEGER) + 1)"

    def on(y: str) -> str:
        day = f"({y} || '-' || m.md)"
        return f"(CASE WHEN date({day}, '+0 days') = {day} THEN {day} ELSE {y} || '-02-28' END)"

    return (
        _INSERT + f"SELECT '{kind}', '{kind}', b.id, b.id, b.name, b.due, "
        f"{_t(kind, str(kind), name='b.name', on='b.due')}, NULL FROM ("
        f"SELECT m.id, m.name, CASE WHEN {on(year)} >= {start} THEN {on(year)} ELSE {on(following)} END AS due "
        f"FROM (SELECT c.id, c.name, substr(c.{column}, -5) AS md FROM contact c "
        f"WHERE (c.{column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
        f"OR c.{column} GLOB '--[0-9][0-9]-[0-9][0-9]')"
        f" AND {live}"
        + ("" if not scoped else " AND c.id IN (SELECT contact_id FROM temp.derive_scope)")
        + ") m WHERE date('2000-' || m.md, '+0 days') = '2000-' || m.md) b"
    )


# `rules.about` in SQL: ": " and the purpose, or nothing when there is none.
_ABOUT = "(CASE WHEN trim(m.purpose) = '' THEN '' ELSE ': ' || trim(m.purpose) END)"


def _want_statements(s: RuleSettings, scoped: bool, today: dt.date | None = None) -> list[str]:
    # Archived contacts get no reminders (CLI.md); restoring one brings them back. A referral's name both.
    live = active_sql("c")  # read per derivation: it names the archived ids
    both = f"{active_sql('sk')} AND {active_sql('tg')}"
    ins = _INSERT
    fav = dict(name="c.name", on="f.on_date", text="f.text")
    lead = dict(name="c.name", on="l.on_date", text="l.text", outcome="l.outcome")
    ask = dict(name="c.name", on="a.on_date", status="a.status", resolved_on="a.resolved_on", text="a.purpose")
    ref = dict(on="x.on_date", seeker="sk.name", target="tg.name")
    kit = dict(name="k.name", since="k.since", days="k.days")
    return [
        ins + f"SELECT 'thank-you', 'favour', f.id, f.contact_id, c.name, date(f.on_date, {_delay(s.thank_you_days)}), "
        f"{_t(K.THANK_YOU, 'favour', **fav)}, CASE WHEN f.thanked_on IS NOT NULL THEN 'done' END "
        f"FROM favour f JOIN contact c ON c.id = f.contact_id AND {live}" + _scope("f.contact_id", scoped=scoped),

        ins + f"SELECT 'thank-you', 'lead', l.id, l.contact_id, c.name, date(l.on_date, {_delay(s.thank_you_days)}), "
        f"{_t(K.THANK_YOU, 'lead', **lead)}, CASE WHEN l.thanked_on IS NOT NULL THEN 'done' END "
        f"FROM lead l JOIN contact c ON c.id = l.contact_id AND {live}" + _scope("l.contact_id", scoped=scoped),

        ins + f"SELECT 'follow-up', 'lead', l.id, l.contact_id, c.name, date(l.on_date, {_delay(s.follow_up_days)}), "
        f"{_t(K.FOLLOW_UP, 'lead', **lead)}, CASE WHEN l.outcome IS NOT NULL THEN 'done' END "
        f"FROM lead l JOIN contact c ON c.id = l.contact_id AND {live}" + _scope("l.contact_id", scoped=scoped),

        ins + f"SELECT 'close-the-loop', 'lead', l.id, l.contact_id, c.name, "
        f"date(l.outcome_on, {_delay(s.close_the_loop_days)}), "
        f"{_t(K.CLOSE_THE_LOOP, 'lead', **lead)}, CASE WHEN l.reported_on IS NOT NULL THEN 'done' END "
        "FROM (SELECT * FROM lead WHERE outcome IS NOT NULL AND outcome_on IS NOT NULL) l "
        f"JOIN contact c ON c.id = l.contact_id AND {live}" + _scope("l.contact_id", scoped=scoped),

        ins + f"SELECT 'thank-you', 'ask', a.id, a.contact_id, c.name, date(a.resolved_on, {_delay(s.thank_you_days)}), "
        f"{_t(K.THANK_YOU, 'ask', **ask)}, "
        "CASE WHEN (SELECT max(t.on_date) FROM thanks t WHERE t.contact_id = a.contact_id) >= a.resolved_on "
        "THEN 'done' END "
        "FROM (SELECT * FROM ask WHERE status IN ('granted','declined') AND resolved_on IS NOT NULL) a "
        f"JOIN contact c ON c.id = a.contact_id AND {live}" + _scope("a.contact_id", scoped=scoped),

        ins + f"SELECT 'expect-call', 'referral', x.id, x.target_id, tg.name, "
        f"date(x.on_date, {_delay(s.expect_call_days)}), {_t(K.EXPECT_CALL, 'referral', name='tg.name', **ref)}, NULL "
        "FROM referral x JOIN contact sk ON sk.id = x.seeker_id JOIN contact tg ON tg.id = x.target_id"
        f" AND {both}"
        + _scope("x.seeker_id", "x.target_id", scoped=scoped),

        ins + f"SELECT 'check-back', 'referral', x.id, x.seeker_id, sk.name, "
        f"date(x.on_date, {_delay(s.check_back_days)}), {_t(K.CHECK_BACK, 'referral', name='sk.name', **ref)}, NULL "
        "FROM referral x JOIN contact sk ON sk.id = x.seeker_id JOIN contact tg ON tg.id = x.target_id"
        f" AND {both}"
        + _scope("x.seeker_id", "x.target_id", scoped=scoped),

        # The contact's own cadence wins, else the most frequent of its tags'. L = last touch-point,
        # else met-on, else created; but never before the day a new cadence was set.
        ins + "SELECT 'keep-in-touch', 'contact', k.id, k.id, k.name, date(k.since, '+' || k.days || ' days'), "
        f"{_t(K.KEEP_IN_TOUCH, 'contact', **kit)}, NULL FROM ("
        "SELECT c.id, c.name, coalesce(c.every_days, tc.days) AS days, "
        "max(coalesce(c.last_contacted, c.met_on, c.created_on), " + cadence_from_sql("c") + ") AS since "
        "FROM contact c LEFT JOIN ("
        "SELECT ct.contact_id, min(t.every_days) AS days FROM tag t "
        "JOIN contact_tag ct ON ct.tag_id = t.id WHERE t.every_days IS NOT NULL"
        + (" AND ct.contact_id IN (SELECT contact_id FROM temp.derive_scope)" if scoped else "")
        + " GROUP BY ct.contact_id) tc ON tc.contact_id = c.id" + (_scope("c.id", scoped=scoped) or " WHERE 1")
        + f" AND {live}) k WHERE k.days IS NOT NULL",

        # The brief (detail) is written afterwards by the service: it is prose over several tables.
        # Cancelled once the meeting's day is over (`rules.prepare`); the title says what it is about.
        ins + f"SELECT 'prepare', 'meeting', m.id, m.contact_id, c.name, "
        f"date(substr(m.at, 1, 10), {_delay(-s.prepare_days_before)}), "
        f"{render(TITLES[(K.PREPARE, 'meeting')], name='c.name', about=_ABOUT)}, NULL, "
        + (f"CASE WHEN substr(m.at, 1, 10) < {_lit(today.isoformat())} THEN 'cancelled' END " if today else "NULL ")
        +
        f"FROM meeting m JOIN contact c ON c.id = m.contact_id AND {live}" + _scope("m.contact_id", scoped=scoped),
    ]


def build_want(settings: RuleSettings, contact_ids: Iterable[int] | None = None, *,
               today: dt.date | None = None) -> list[int]:
    """Fill temp table `want` with every reminder the rules call for (for `contact_ids`, or everyone),
    after bringing their `last_contacted` up to date; returns the contacts whose last contact moved.

    Birthdays depend on the day (their next occurrence): without `today` they are left out.
    """
    db = database
    db.execute_sql("DROP TABLE IF EXISTS temp.want")
    db.execute_sql(
        "CREATE TEMP TABLE want (kind TEXT NOT NULL, source TEXT NOT NULL, source_id INTEGER NOT NULL, "
        "contact_id INTEGER, contact_name TEXT NOT NULL DEFAULT '', due TEXT NOT NULL, title TEXT NOT NULL, "
        "detail TEXT, closed TEXT, PRIMARY KEY (source, source_id, kind)) WITHOUT ROWID"
    )
    scoped = contact_ids is not None
    if scoped:
        db.execute_sql("DROP TABLE IF EXISTS temp.derive_scope")
        db.execute_sql("CREATE TEMP TABLE derive_scope (contact_id INTEGER PRIMARY KEY)")
        db.cursor().executemany("INSERT OR IGNORE INTO temp.derive_scope VALUES (?)", ((int(c),) for c in contact_ids))
    moved = refresh_last_contacted(scoped)
    # Only the prepare rows are stored (their brief is written from Python next); the rest is a view that
    # the one reconciliation pass reads as it goes, so 100k keep-in-touch rows are never written out.
    *rules, prepare = _want_statements(settings, scoped, today)
    if today is not None:
        rules.append(_birthday_statement(today, scoped))
        rules.append(_birthday_statement(today, scoped, "anniversary"))
    db.execute_sql(prepare)
    db.execute_sql("DROP VIEW IF EXISTS temp.wanted")
    db.execute_sql(
        "CREATE TEMP VIEW wanted (kind, source, source_id, contact_id, contact_name, due, title, detail, closed) AS "
        + " UNION ALL ".join(statement[len(_INSERT):] for statement in rules)
        + " UNION ALL SELECT kind, source, source_id, contact_id, contact_name, due, title, detail, closed FROM temp.want"
    )
    return moved


_TOUCHED_ON = (
    "nullif(max(coalesce((SELECT max(on_date) FROM interaction i WHERE i.contact_id = contact.id), ''),"
    " coalesce((SELECT max(on_date) FROM favour f WHERE f.contact_id = contact.id), ''),"
    " coalesce((SELECT max(on_date) FROM thanks t WHERE t.contact_id = contact.id), '')), '')"
)


def refresh_last_contacted(scoped: bool) -> list[int]:
    """Set `last_contacted` to the latest interaction, favour received or thanks given; returns the contacts
    whose date moved. Scoped: the contacts in `temp.derive_scope`; else those with a favour or thanks
    (the interaction triggers already hold the rest)."""
    among = ("SELECT contact_id FROM temp.derive_scope" if scoped
             else "SELECT contact_id FROM favour UNION SELECT contact_id FROM thanks")
    return [cid for (cid,) in database.execute_sql(
        f"UPDATE contact SET last_contacted = {_TOUCHED_ON} WHERE id IN ({among})"
        f" AND last_contacted IS NOT {_TOUCHED_ON} RETURNING id").fetchall()]


def meetings_to_brief(today: dt.date, horizon: dt.date | None, *, refresh: bool) -> list[int]:
    """Give each prepare row its stored brief, and name the meetings whose brief must be (re)written.

    Written: a new prepare reminder (within `horizon`, when there is one), and with `refresh` an open one
    whose meeting is today or ahead (within `horizon`). Past meetings and closed reminders keep theirs.
    """
    db = database
    db.execute_sql(
        f"UPDATE temp.want AS w SET detail = coalesce((SELECT r.detail FROM reminder r WHERE {_MATCH}), '')"
    )
    day = "substr(m.at, 1, 10)"
    ahead = f"{day} >= :today" + ("" if horizon is None else f" AND {day} <= :horizon")
    fresh = "1" if horizon is None else ahead
    query = (
        "SELECT w.source_id FROM temp.want w JOIN meeting m ON m.id = w.source_id "
        f"LEFT JOIN reminder r ON {_MATCH} WHERE w.kind = 'prepare' "
        f"AND ((r.id IS NULL AND {fresh})"
        + (f" OR (r.status IN {ACTIVE_SQL} AND {ahead}))" if refresh else ")")
    )
    params = {"today": today.isoformat(), "horizon": horizon.isoformat() if horizon else None}
    return [mid for (mid,) in db.execute_sql(query, params).fetchall()]


def set_prepare_details(details: Iterable[tuple[str, int]]) -> None:
    database.cursor().executemany(
        "UPDATE temp.want SET detail = ? WHERE kind = 'prepare' AND source = 'meeting' AND source_id = ?", details
    )


def birthdays() -> list[tuple[int, str]]:
    """(contact id, birthday text) of every contact with a birthday stored, for the pure rules."""
    return database.execute_sql(
        "SELECT id, birthday FROM contact WHERE birthday IS NOT NULL AND birthday <> '' ORDER BY id").fetchall()


def anniversaries() -> list[tuple[int, str]]:
    """(contact id, anniversary text) of every contact with an anniversary stored, for the pure rules."""
    return database.execute_sql(
        "SELECT id, anniversary FROM contact WHERE anniversary IS NOT NULL AND anniversary <> '' ORDER BY id"
    ).fetchall()


def want_rows() -> list[tuple]:
    """The desired set as (kind, source, source_id, contact_id, due, title, detail, closed), for tests."""
    return database.execute_sql(
        "SELECT kind, source, source_id, contact_id, due, title, coalesce(detail, ''), closed FROM temp.wanted "
        "ORDER BY source, source_id, kind"
    ).fetchall()


@dataclass
class ReconcileResult:
    """The reminders one reconciliation wrote, by id, and the contacts whose `next_due` it refreshed."""

    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    closed_ids: list[int] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.created_ids)

    @property
    def updated(self) -> int:
        return len(self.updated_ids)

    @property
    def closed(self) -> int:
        return len(self.closed_ids)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.closed

    @property
    def reminder_ids(self) -> frozenset[int]:
        return frozenset(self.created_ids) | frozenset(self.updated_ids) | frozenset(self.closed_ids)


def _uid_function(store_id: str) -> Callable[[str, str, int, str | None], str]:
    """A new reminder's UID from its rule and its source record's global UID (issue 17), so two stores with
    the same history derive the same one; the store-local form only where a source has no UID."""
    def uid(kind: str, source: str, source_id: int, source_uid: str | None) -> str:
        if source in ("contact", "birthday", "anniversary") and not source_uid:
            source_uid = contact_default_uid(store_id, source_id)
        if not source_uid:
            return reminder_uid(store_id, K(kind), source, source_id)
        return reminder_uid_from(kind, source, source_uid)

    return uid


# The source record's global UID: a history row's `uid`; a contact's is its card's UID on a server, else the
# UID its vCard brought (as the CardDAV sync picks it), else NULL (the function then uses the default).
_CONTACT_UID = (
    "coalesce((SELECT ci.uid FROM card_item ci WHERE ci.contact_id = p.source_id ORDER BY ci.account_id LIMIT 1),"
    " (SELECT replace(json_extract(e.value, '$[3]'), '\\', '') FROM contact c,"
    " json_each(CASE WHEN json_valid(c.extra) THEN c.extra ELSE '{}' END, '$.vcard') e"
    " WHERE c.id = p.source_id AND upper(json_extract(e.value, '$[1]')) = 'UID' LIMIT 1))"
)
_SOURCE_UID = (
    "CASE p.source WHEN 'favour' THEN (SELECT uid FROM favour WHERE id = p.source_id)"
    " WHEN 'lead' THEN (SELECT uid FROM lead WHERE id = p.source_id)"
    " WHEN 'ask' THEN (SELECT uid FROM ask WHERE id = p.source_id)"
    " WHEN 'referral' THEN (SELECT uid FROM referral WHERE id = p.source_id)"
    " WHEN 'meeting' THEN (SELECT uid FROM meeting WHERE id = p.source_id)"
    f" WHEN 'contact' THEN {_CONTACT_UID} WHEN 'birthday' THEN {_CONTACT_UID}"
    f" WHEN 'anniversary' THEN {_CONTACT_UID} END"
)


def reconcile_want(store_id: str, today: dt.date, stamp: str, *, scoped: bool) -> ReconcileResult:
    """Make `reminder` agree with `want`: the caller holds the transaction.

    The user's done/snooze (user_status) survives as long as the rule's due date stays the same; when
    the rule moves the date (a new keep-in-touch occurrence) the decision was about the old one and lapses.
    Closed reminders are never deleted; what no rule wants any more is cancelled, so subscribers see it.
    """
    db = database
    db.connection().create_function("netdesk_uid", 4, _uid_function(store_id), deterministic=True)
    params = {"today": today.isoformat(), "stamp": stamp}
    us = "CASE WHEN r.rule_due = w.due THEN r.user_status END"
    # One pass over `want` finds the new reminders (no row yet, id NULL) and the changed ones (ch = 1), and
    # keeps the ids of the unchanged ones (the rest NULL, so the table stays narrow): what no row of
    # `want` matched is then found from those ids alone, without probing `want` once per reminder.
    changed = (
        "(id IS NULL AND closed IS NULL) OR (id IS NOT NULL AND ("
        " new_status IS NOT old_status OR new_due IS NOT old_due OR rule_due IS NOT old_rule_due"
        " OR title IS NOT old_title OR detail IS NOT old_detail OR contact_id IS NOT old_contact"
        " OR us IS NOT old_us OR contact_name IS NOT old_name))"
    )
    wide = ("kind", "source", "source_id", "old_contact", "contact_id", "contact_name", "rule_due", "title",
            "detail", "us", "new_status", "new_due", "old_status")
    db.execute_sql("DROP TABLE IF EXISTS temp.plan")
    db.execute_sql(
        "CREATE TEMP TABLE plan AS SELECT id, ch, "
        + ", ".join(f"CASE WHEN ch THEN {col} END AS {col}" for col in wide)
        + f" FROM (SELECT *, ({changed}) AS ch FROM ("
        " SELECT r.id, w.kind, w.source, w.source_id, w.closed, r.contact_id AS old_contact, w.contact_id,"
        " w.contact_name, w.due AS rule_due, w.title, coalesce(w.detail, '') AS detail, " + us + " AS us,"
        " CASE WHEN w.closed IS NOT NULL THEN"
        "   CASE WHEN r.status IN ('done','cancelled') THEN r.status ELSE w.closed END"
        "   WHEN (" + us + ") IS NOT NULL THEN (" + us + ") ELSE 'open' END AS new_status,"
        " CASE WHEN (" + us + ") IS NOT NULL THEN r.due ELSE w.due END AS new_due,"
        " r.status AS old_status, r.due AS old_due, r.rule_due AS old_rule_due, r.title AS old_title,"
        " r.detail AS old_detail, r.user_status AS old_us, r.contact_name AS old_name"
        f" FROM temp.wanted w LEFT JOIN reminder r ON {_MATCH}"
        # OFFSET 0 keeps SQLite from flattening the subquery, which would re-evaluate `ch` in every CASE.
        ") LIMIT -1 OFFSET 0) WHERE ch OR id IS NOT NULL"
    )
    result = ReconcileResult()
    db.execute_sql("DROP TABLE IF EXISTS temp.touched")
    db.execute_sql("CREATE TEMP TABLE touched (contact_id INTEGER PRIMARY KEY)")
    db.execute_sql(
        "INSERT OR IGNORE INTO temp.touched SELECT old_contact FROM temp.plan WHERE ch AND old_contact IS NOT NULL "
        "UNION SELECT contact_id FROM temp.plan WHERE ch AND contact_id IS NOT NULL"
    )
    closing = f"p.new_status NOT IN {ACTIVE_SQL} AND p.old_status IN {ACTIVE_SQL}"
    for rid, closes in db.execute_sql(
            f"SELECT p.id, {closing} FROM temp.plan p WHERE p.ch AND p.id IS NOT NULL").fetchall():
        (result.closed_ids if closes else result.updated_ids).append(rid)
    db.execute_sql(
        "UPDATE reminder SET status = p.new_status, due = p.new_due, rule_due = p.rule_due, title = p.title,"
        " detail = p.detail, contact_id = p.contact_id, contact_name = p.contact_name, user_status = p.us,"
        " sequence = reminder.sequence + 1, updated_at = :stamp,"
        f" closed_on = CASE WHEN {closing} THEN :today"
        f" WHEN p.new_status IN {ACTIVE_SQL} THEN NULL ELSE reminder.closed_on END"
        " FROM (SELECT * FROM temp.plan WHERE ch AND id IS NOT NULL) p WHERE reminder.id = p.id", params,
    )
    # Before the inserts: the new rows are not in `plan` by id, and must not look unwanted.
    orphan = (
        f"r.status IN {ACTIVE_SQL} AND r.id NOT IN (SELECT id FROM temp.plan WHERE id IS NOT NULL)"
        + (" AND r.contact_id IN (SELECT contact_id FROM temp.derive_scope)" if scoped else "")
    )
    # Scoped, the contact index finds their few reminders; otherwise the status index walks the active ones.
    indexed = " INDEXED BY reminder_contact" if scoped else ""
    cursor = db.execute_sql(
        f"UPDATE reminder AS r{indexed} SET status = 'cancelled', sequence = r.sequence + 1, updated_at = :stamp,"
        f" closed_on = :today WHERE {orphan} RETURNING id, contact_id", params,
    )
    # RETURNING hands back the reminders and contacts concerned, without a second pass to find them.
    cancelled = cursor.fetchall()
    result.closed_ids.extend(rid for rid, _ in cancelled)
    db.cursor().executemany("INSERT OR IGNORE INTO temp.touched VALUES (?)",
                            [(cid,) for _, cid in cancelled if cid is not None])
    # Rows go in in the order the one pass reads them (by source), so its lookups walk the table in order.
    result.created_ids = [rid for (rid,) in db.execute_sql(
        "INSERT INTO reminder (uid, kind, contact_id, contact_name, source, source_id, rule_due, due, status,"
        " title, detail, sequence, user_status, closed_on, created_at, updated_at)"
        f" SELECT netdesk_uid(p.kind, p.source, p.source_id, {_SOURCE_UID}), p.kind, p.contact_id, p.contact_name, p.source,"
        " p.source_id, p.rule_due, p.rule_due, 'open', p.title, p.detail, 0, NULL, NULL, :stamp, :stamp"
        " FROM temp.plan p WHERE p.ch AND p.id IS NULL ORDER BY p.source, p.source_id, p.kind RETURNING id", params,
    ).fetchall()]
    # INDEXED BY: left alone, SQLite answers min(due) by walking reminder_status_due once per contact.
    db.execute_sql(
        "UPDATE contact SET next_due = (SELECT min(due) FROM reminder INDEXED BY reminder_contact"
        f" WHERE reminder.contact_id = contact.id AND status IN {ACTIVE_SQL})"
        " WHERE id IN (SELECT contact_id FROM temp.touched)"
    )
    result.contact_ids = [cid for (cid,) in db.execute_sql("SELECT contact_id FROM temp.touched").fetchall()]
    # The window keeps its connection for hours: do not hold a copy of every reminder in memory.
    db.execute_sql("DROP VIEW IF EXISTS temp.wanted")
    for table in ("want", "plan", "touched", "derive_scope"):
        db.execute_sql(f"DROP TABLE IF EXISTS temp.{table}")
    return result
