"""History records as VJOURNAL (issue 17, SYNC.md "What goes where"): one VCALENDAR with one VJOURNAL per
record, written and read with `icalendar`.

Every field of the record is an `X-NETDESK-<FIELD>` property (the column's name in capitals, `_` as `-`),
so a second netdesk reads it back exactly; a field that is NULL is left out. The record's type is
`X-NETDESK-RECORD`, and each contact it refers to is named by the contact's vCard UID in
`X-NETDESK-<ROLE>-UID` (CONTACT, SEEKER, TARGET, REFERRED-BY). DTSTART (the record's day), SUMMARY and
DESCRIPTION are there so that other calendar apps show something readable; netdesk never reads them back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from icalendar import Calendar, Journal, vText
from icalendar.prop import TypesFactory

PRODID = "-//netdesk//history 1//EN"
RECORD = "X-NETDESK-RECORD"
FORMAT = "X-NETDESK-FORMAT"
FORMAT_VERSION = "1"
_PREFIX = "X-NETDESK-"
_ROLE_SUFFIX = "-UID"
_RESERVED = {RECORD, FORMAT}
# The roles a contact plays in a record, and the property naming it by its vCard UID.
ROLES = ("contact", "seeker", "target", "referred_by")
_ROLE_PROPS = {_PREFIX + role.upper().replace("_", "-") + _ROLE_SUFFIX: role for role in ROLES}

# What other apps show: the record's type in words and the field that says what it was.
_TITLES = {
    "interaction": ("Contact", "kind"), "favour": ("Favour", "text"), "thanks": ("Thanks", "note"),
    "lead": ("Lead", "text"), "referral": ("Referral", "note"), "ask": ("Ask", "purpose"),
    "give": ("Gave", "text"), "meeting": ("Meeting", "purpose"), "reminder_action": ("Reminder", "action"),
}
_BODY = {"interaction": "note", "favour": "text", "thanks": "note", "lead": "outcome", "referral": "note",
         "ask": "status", "give": "link", "meeting": "notes", "reminder_action": "due"}


class JournalError(ValueError):
    """A calendar object that is no netdesk history record (or one netdesk cannot read)."""


@dataclass(frozen=True)
class HistoryRecord:
    """One record as it travels: its type (the table), global UID, the contacts it refers to by their vCard
    UID (role -> UID), and every other field as text (None for NULL)."""

    kind: str
    uid: str
    contacts: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str | None] = field(default_factory=dict)


def _prop(name: str) -> str:
    return _PREFIX + name.upper().replace("_", "-")


def _name(prop: str) -> str:
    return prop[len(_PREFIX):].lower().replace("-", "_")


def _day(record: HistoryRecord) -> dt.date | None:
    for name in ("on_date", "at"):
        value = record.fields.get(name)
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def journal(record: HistoryRecord, stamp: dt.datetime) -> Journal:
    """The VJOURNAL of one record; `stamp` is its DTSTAMP (UTC)."""
    if not record.uid:
        raise JournalError("a history record needs a UID")
    out = Journal()
    out.add("uid", record.uid)
    out.add("dtstamp", stamp.astimezone(dt.UTC))
    day = _day(record)
    if day is not None:
        out.add("dtstart", day)
    title, what = _TITLES.get(record.kind, (record.kind, ""))
    headline = record.fields.get(what) or ""
    out.add("summary", f"{title}: {headline}" if headline else title)
    body = record.fields.get(_BODY.get(record.kind, ""))
    if body:
        out.add("description", body)
    out.add("class", "PRIVATE")
    out.add(FORMAT, vText(FORMAT_VERSION))
    out.add(RECORD, vText(record.kind))
    for role, uid in sorted(record.contacts.items()):
        if role not in ROLES:
            raise JournalError(f"no contact role {role!r}")
        out.add(_prop(role) + _ROLE_SUFFIX, vText(uid))
    for name, value in sorted(record.fields.items()):
        if value is not None:
            out.add(_prop(name), vText(value))
    return out


def write(record: HistoryRecord, stamp: dt.datetime) -> bytes:
    """A calendar object (one VCALENDAR with one VJOURNAL) for a CalDAV PUT."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(journal(record, stamp))
    return cal.to_ical()


class _Types(TypesFactory):
    """icalendar's types, with netdesk's X- properties read as TEXT (RFC 5545 3.3.11, unescaped): left to
    itself icalendar keeps an unknown X- property's value raw, escapes and all."""

    def for_property(self, name, value_param: str | None = None) -> type:
        if name.upper().startswith(_PREFIX):
            return self["text"]
        return super().for_property(name, value_param)


class _Calendar(Calendar):
    types_factory = _Types()


def _text(value) -> str:
    if isinstance(value, list):
        raise JournalError("a netdesk property appears twice")
    return str(value)


def read(body: bytes | str) -> HistoryRecord:
    """The record in a calendar object netdesk wrote; JournalError when it holds none."""
    try:
        cal = _Calendar.from_ical(body)
    except ValueError as e:
        raise JournalError(f"not a calendar object: {e}") from e
    journals = cal.walk("VJOURNAL")
    if len(journals) != 1:
        raise JournalError(f"expected one VJOURNAL, found {len(journals)}")
    item = journals[0]
    if RECORD not in item:
        raise JournalError("a VJOURNAL that netdesk did not write (no X-NETDESK-RECORD)")
    contacts: dict[str, str] = {}
    fields: dict[str, str | None] = {}
    for key, value in item.items():
        key = key.upper()
        if not key.startswith(_PREFIX) or key in _RESERVED:
            continue
        if key in _ROLE_PROPS:
            contacts[_ROLE_PROPS[key]] = _text(value)
        else:
            fields[_name(key)] = _text(value)
    return HistoryRecord(kind=_text(item[RECORD]), uid=str(item.get("uid", "")), contacts=contacts, fields=fields)
