"""A card as the fields the three-way merge compares (SYNC.md): scalars, and lists merged as sets.

Both sides are compared through the same path, a vCard 4.0 written by netdesk and read back by netdesk's
reader, so only what a card can carry counts, and what another client merely re-serialises (property
order, parameter case, folding, REV, PRODID) is no change. Properties netdesk has no field for are the
`props` list (kept verbatim in the contact's `extra`), so they go back to the server untouched. A photo is
compared by its digest; its bytes travel beside the fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from netdesk.exchange.card import Address, ContactRecord
from netdesk.exchange.vcard import card_to_record
from netdesk.exchange.vcard_write import vcard

SCALARS = ("name", "given_name", "family_name", "n", "phonetic_given", "phonetic_family", "organisation",
           "department", "title", "notes", "birthday", "linkedin_url", "how_met", "met_on", "every_days", "name_ok",
           "strength", "photo", "anniversary")
LISTS = ("emails", "phones", "urls", "addresses", "tags", "props")
_IDENTITY = {"UID", "X-NETDESK-OTHER-UID"}  # the card's identity is the item's UID, not a field


@dataclass
class Card:
    """The fields of one card, and the photo's bytes (by digest) that `fields["photo"]` names."""

    fields: dict
    photo: tuple[bytes, str] | None = None
    uids: list = field(default_factory=list)  # the record's own UID entries (kept locally, never merged)


def digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()


def _prop(entry: list) -> list:
    group, name, params, value = entry
    norm = {str(k).upper(): [str(v) for v in vs] for k, vs in sorted((params or {}).items())}
    return [(group or "").lower() or None, str(name).upper(), norm, value]


def of_record(record: ContactRecord) -> Card:
    n = record.extra.get("n")
    kept = record.extra.get("vcard", [])
    fields = {
        "name": record.name, "given_name": record.given_name, "family_name": record.family_name,
        "n": list(n) if n else None, "phonetic_given": record.phonetic_given,
        "phonetic_family": record.phonetic_family, "organisation": record.organisation,
        "department": record.department, "title": record.title, "notes": record.notes,
        "birthday": record.birthday or None, "linkedin_url": record.linkedin_url or None, "how_met": record.how_met,
        "met_on": record.met_on.isoformat() if record.met_on else None, "every_days": record.every_days,
        "name_ok": bool(record.name_ok), "strength": record.strength or 0, "photo": digest(record.photo),
        "anniversary": record.anniversary or None,
        "emails": [list(e) for e in record.emails], "phones": [list(p) for p in record.phones],
        "urls": [list(u) for u in record.urls],
        "addresses": [[a.label, a.street, a.locality, a.region, a.postcode, a.country] for a in record.addresses],
        "tags": list(record.tags),
        "props": [_prop(e) for e in kept if str(e[1]).upper() not in _IDENTITY],
    }
    photo = (record.photo, record.photo_mime or "application/octet-stream") if record.photo else None
    return Card(fields, photo, [e for e in kept if str(e[1]).upper() in _IDENTITY])


def to_record(card: Card, extra: dict | None = None) -> ContactRecord:
    """The record the card's fields describe; `extra` is the contact's, whose other keys are kept."""
    f = card.fields
    extra = {k: v for k, v in (extra or {}).items() if k not in ("vcard", "n")}
    kept = [list(e) for e in card.uids] + [list(p) for p in f["props"]]
    if kept:
        extra["vcard"] = kept
    if f["n"]:
        extra["n"] = list(f["n"])
    photo, mime = card.photo if card.photo and f["photo"] else (None, None)
    return ContactRecord(
        name=f["name"], given_name=f["given_name"], family_name=f["family_name"],
        phonetic_given=f["phonetic_given"], phonetic_family=f["phonetic_family"], organisation=f["organisation"],
        department=f["department"], title=f["title"], notes=f["notes"], birthday=f["birthday"],
        anniversary=f.get("anniversary"),  # a base synced before schema v8 has none
        linkedin_url=f["linkedin_url"], how_met=f["how_met"],
        met_on=dt.date.fromisoformat(f["met_on"]) if f["met_on"] else None, every_days=f["every_days"],
        name_ok=f["name_ok"], strength=f["strength"], photo=photo, photo_mime=mime,
        emails=[tuple(e) for e in f["emails"]], phones=[tuple(p) for p in f["phones"]],
        urls=[tuple(u) for u in f["urls"]], addresses=[Address(*a) for a in f["addresses"]], tags=list(f["tags"]),
        extra=extra, has_structured_name=True)


def render(record: ContactRecord, uid: str) -> str:
    """The vCard 4.0 netdesk puts on the server: the item's UID, whatever UIDs the record brought."""
    others = [e for e in record.extra.get("vcard", []) if str(e[1]).upper() not in _IDENTITY]
    extra = {**record.extra, "vcard": others}
    copy = ContactRecord(**{**record.__dict__, "extra": extra})
    return vcard(copy, "4.0", default_uid=uid)


def parse(text: str, where: str = "server card") -> ContactRecord:
    """A card's text as netdesk reads it (its first card; BEGIN/END lines off)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    physical: list[tuple[int, bytes]] = []
    inside = False
    for number, line in enumerate(lines, 1):
        head = line.strip().upper()
        if head == "BEGIN:VCARD" and not inside:
            inside = True
        elif head == "END:VCARD" and inside:
            break
        elif inside:
            physical.append((number, line.encode("utf-8")))
    return card_to_record(physical, where, 1)


def uid_of(text: str) -> str | None:
    for entry in parse(text).extra.get("vcard", []):
        if str(entry[1]).upper() == "UID":
            return str(entry[3]).replace("\\", "")
    return None


def normal(record: ContactRecord, uid: str) -> tuple[Card, str]:
    """The card of a record as the server will hold it, and its text: written, then read back."""
    text = render(record, uid)
    card = of_record(parse(text))
    card.uids = of_record(record).uids
    return card, text


def base_json(card: Card) -> dict:
    return json.loads(json.dumps(card.fields))


# -- the merge ----------------------------------------------------------------------------------------
def _key(name: str, element) -> str:
    if name == "emails":
        return json.dumps([element[0].casefold(), element[1].casefold()])
    if name == "tags":
        return element.casefold()
    if name in ("phones", "urls"):
        return json.dumps([" ".join(element[0].split()), element[1].casefold()])
    if name == "addresses":
        return json.dumps([" ".join(str(p).split()).casefold() for p in element])
    return json.dumps(element, sort_keys=True)


def merge_list(name: str, local: list, base: list | None, remote: list) -> list:
    """Additions from either side kept, a removal from either side honoured; local order first."""
    base_keys = {_key(name, e) for e in base or []}
    local_keys = {_key(name, e) for e in local}
    remote_keys = {_key(name, e) for e in remote}
    out, seen = [], set()
    for element in [*local, *remote]:
        k = _key(name, element)
        if k in seen:
            continue
        in_both = k in local_keys and k in remote_keys
        if in_both or k not in base_keys:
            out.append(element)
            seen.add(k)
    if name == "emails":  # one label per address: the first (local) one wins
        firsts: dict[str, list] = {}
        for element in out:
            firsts.setdefault(element[0].casefold(), element)
        out = list(firsts.values())
    return out


def same_list(name: str, a: list, b: list) -> bool:
    return sorted(_key(name, e) for e in a) == sorted(_key(name, e) for e in b)


def same(name: str, a, b) -> bool:
    return same_list(name, a, b) if name in LISTS else a == b


def _empty(value) -> bool:
    return value in (None, "", [], 0, False)


_CONFLICT = object()


@dataclass
class Merged:
    local: dict  # the contact's fields from now on
    server: dict  # the card to put on the server (a conflicted field keeps the server's value)
    conflicts: dict[str, tuple]  # field -> (local value, server value)


def merge(local: dict, base: dict | None, remote: dict, open_fields: frozenset[str] = frozenset()) -> Merged:
    """Field by field against the last synced copy. Without a base (a first sync pairing a contact with a
    card), an empty side takes the other's value and different values are a conflict. A field with an open
    conflict stays in conflict until the user chooses, or until both sides agree."""
    out_local, out_server, conflicts = {}, {}, {}
    for name in LISTS:
        merged = merge_list(name, local[name], None if base is None else base[name], remote[name])
        out_local[name] = out_server[name] = merged
    for name in SCALARS:
        mine, theirs = local.get(name), remote.get(name)
        was = None if base is None else base.get(name)  # .get: a base synced before schema v8
        if mine == theirs:
            chosen = mine
        elif name in open_fields:
            chosen = _CONFLICT
        elif base is not None and mine == was:
            chosen = theirs
        elif base is not None and theirs == was:
            chosen = mine
        elif base is None and _empty(theirs):
            chosen = mine
        elif base is None and _empty(mine):
            chosen = theirs
        else:
            chosen = _CONFLICT
        if chosen is _CONFLICT:
            conflicts[name] = (mine, theirs)
            out_local[name], out_server[name] = mine, theirs
        else:
            out_local[name] = out_server[name] = chosen
    return Merged(out_local, out_server, conflicts)
