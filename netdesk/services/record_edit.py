"""Correcting the history: edit or delete any record (interaction, favour, thanks, lead, referral, ask,
give, meeting), with the reminders re-derived in the same transaction.

Both go through `services.records.apply`, the same path undo replays, so a record keeps its id (and its
reminders their calendar uids) across edit, delete and undo. Each returns the `Change` it made.
`rows_for_edit` / `rows_for_delete` name the rows a write will touch, captured before it runs (for undo).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from netdesk.domain import zones
from netdesk.domain.change import Change, RecordKind
from netdesk.domain.kinds import AskStatus, Effort, GiveKind, InteractionKind, values
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import records
from netdesk.services.records import RowState
from netdesk.store import records as record_reads

# What the user may change of each record (the column names of `records.capture`).
EDITABLE: dict[str, frozenset[str]] = {
    "interaction": frozenset({"contact", "kind", "on_date", "note"}),
    "favour": frozenset({"contact", "text", "on_date", "thanked_on"}),
    "thanks": frozenset({"contact", "on_date", "note"}),
    "lead": frozenset({"contact", "text", "on_date", "thanked_on", "outcome", "outcome_on", "reported_on"}),
    "referral": frozenset({"seeker", "target", "on_date", "note"}),
    "ask": frozenset({"contact", "purpose", "effort", "on_date", "status", "resolved_on"}),
    "give": frozenset({"contact", "text", "kind", "link", "on_date"}),
    "meeting": frozenset({"contact", "at", "tzid", "duration_minutes", "referred_by", "purpose", "location"}),
}
_WHAT = {"interaction": "interaction", "favour": "favour", "thanks": "thanks", "lead": "lead",
         "referral": "referral", "ask": "ask", "give": "give", "meeting": "meeting"}


def row(table: str, record_id: int) -> dict:
    """The record's stored values, as `records.capture` names them."""
    if table not in EDITABLE:
        raise InvalidValue(f"no record type {table!r}")
    (state,) = records.capture(table, [record_id])
    if state.values is None:
        raise NotFound(f"that {_WHAT[table]} no longer exists (deleted meanwhile?)")
    return dict(state.values)


def _required(value: object, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidValue(f"say what the {what} was")
    return text


def _date(value: object, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{what} {value!r} is not a real date (YYYY-MM-DD)") from None


def _contact(value: object, what: str) -> int:
    if value is None:
        raise InvalidValue(f"choose the {what}")
    if record_reads.contact_name(int(value)) is None:  # type: ignore[arg-type]
        raise NotFound(f"no contact with id {value} (the {what})")
    return int(value)  # type: ignore[arg-type]


def _one_of(value: object, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise InvalidValue(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _check(table: str, v: dict) -> dict:
    """The merged values made valid (or refused with the reason), in the store's shape."""
    for name in ("on_date", "thanked_on", "outcome_on", "reported_on", "resolved_on"):
        if name in v:
            v[name] = _date(v[name], name.replace("_", " "))
    if v.get("on_date") is None and table != "meeting":
        raise InvalidValue("a record needs a date")
    if table == "referral":
        v["seeker"], v["target"] = _contact(v["seeker"], "person you referred"), _contact(v["target"], "person")
        if v["seeker"] == v["target"]:
            raise InvalidValue("a contact cannot be referred to themselves")
        v["note"] = str(v.get("note") or "").strip()
        return v
    v["contact"] = _contact(v["contact"], "contact")
    if table == "interaction":
        v["kind"] = _one_of(v["kind"], values(InteractionKind), "interaction kind")
        v["note"] = str(v.get("note") or "").strip()
    elif table == "favour":
        v["text"] = _required(v["text"], "favour")
    elif table == "thanks":
        v["note"] = str(v.get("note") or "").strip()
    elif table == "give":
        v["text"] = _required(v["text"], "thing you gave")
        v["kind"] = _one_of(v["kind"], values(GiveKind), "give kind")
        link = str(v.get("link") or "").strip() or None
        if link is not None:
            parts = urlparse(link)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise InvalidValue(f"{link!r} is not a web link (it should start with https://)")
        v["link"] = link
    elif table == "ask":
        v["purpose"] = str(v.get("purpose") or "").strip()
        if not v["purpose"]:
            raise InvalidValue("an ask needs a purpose: say what you are asking for and why")
        v["effort"] = _one_of(v["effort"], values(Effort), "effort")
        v["status"] = _one_of(v["status"], values(AskStatus), "ask status")
        if v["status"] == AskStatus.OPEN.value:
            v["resolved_on"] = None
        elif v.get("resolved_on") is None:
            v["resolved_on"] = v["on_date"]
        if v["resolved_on"] is not None and v["resolved_on"] < v["on_date"]:
            raise InvalidValue("an ask cannot be resolved before it was made")
    elif table == "lead":
        v["text"] = _required(v["text"], "lead")
        v["outcome"] = str(v.get("outcome") or "").strip() or None
        if v["outcome"] is None:
            v["outcome_on"] = v["reported_on"] = None  # nothing to report without an outcome
        elif v.get("outcome_on") is None:
            v["outcome_on"] = v["on_date"]
    elif table == "meeting":
        at = v["at"]
        if isinstance(at, dt.datetime):
            if at.tzinfo is None:
                raise InvalidValue("a meeting time needs a time zone")
            at, _warning = zones.resolve(at)
            v["at"] = at.isoformat(timespec="seconds")
            v["tzid"] = getattr(at.tzinfo, "key", None) or v.get("tzid") or "UTC"
        if v.get("referred_by") is not None:
            v["referred_by"] = _contact(v["referred_by"], "person who referred you")
            if v["referred_by"] == v["contact"]:
                raise InvalidValue("a contact cannot refer you to themselves")
        if int(v.get("duration_minutes") or 0) <= 0:
            raise InvalidValue("a meeting lasts at least a minute")
        v["purpose"] = str(v.get("purpose") or "").strip()
        v["location"] = str(v.get("location") or "").strip()
    return v


def edit(table: str, record_id: int, changes: dict, *, today: dt.date) -> Change:
    """Change the given columns of one record; refused (nothing written) when the result is not valid."""
    unknown = set(changes) - EDITABLE.get(table, frozenset())
    if unknown:
        raise InvalidValue(f"a {_WHAT.get(table, table)} has no editable {', '.join(sorted(unknown))}")
    merged = _check(table, {**row(table, record_id), **changes})
    return records.apply([RowState(table, record_id, merged)], today=today)


def rows_for_edit(table: str, record_id: int) -> list[RowState]:
    return records.capture(table, [record_id])


def _thanked_by(values_: dict) -> list[RowState]:
    """The favours and leads a thanks closed: those of its contact thanked on its day, unless another
    thanks of that day stays."""
    history = record_reads.history_json(int(values_["contact"]))
    day = values_["on_date"].isoformat()
    if sum(1 for t in history["thanks"] if t["on"] == day) > 1:
        return []
    favours = [f["id"] for f in history["favours"] if f["thanked_on"] == day]
    leads = [lead["id"] for lead in history["leads"] if lead["thanked_on"] == day]
    return records.capture("favour", favours) + records.capture("lead", leads)


def rows_for_delete(table: str, record_id: int) -> list[RowState]:
    """What deleting this record will write: the record, and for thanks the favours and leads it closed."""
    values_ = row(table, record_id)
    extra = _thanked_by(values_) if table == RecordKind.THANKS else []
    return [*records.capture(table, [record_id]), *extra]


def delete(table: str, record_id: int, *, today: dt.date) -> Change:
    """Delete one record. Deleting thanks opens the thank-yous it had closed again; deleting a meeting
    cancels it (its prepare reminder is cancelled by the re-derivation)."""
    before = rows_for_delete(table, record_id)
    after = [RowState(table, record_id, None)]
    for state in before[1:]:
        after.append(RowState(state.table, state.id, {**state.values, "thanked_on": None}))
    return records.apply(after, today=today)
