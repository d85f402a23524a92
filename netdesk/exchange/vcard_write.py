"""Writing a `ContactRecord` as one vCard, 4.0 (RFC 6350) or 3.0 (RFC 2426).

Lines are serialised (escaping aside) by vobject and folded here. Labels that the version has a TYPE for go
in TYPE; any other label goes in an Apple `itemN.` group with `X-ABLabel`, which Apple, Google and netdesk
all read back. Properties kept from an import are converted to the version written (vcard_convert.py).
netdesk's own fields travel as `X-NETDESK-*` properties, which netdesk reads back on import.

Photos: a 4.0 card carries `PHOTO:data:<type>;base64\\,<data>` (the comma escaped, see vcard_convert.py:
vobject-based servers such as Radicale otherwise keep the photo without its data); a 3.0 card carries the
`PHOTO;ENCODING=b;TYPE=JPEG:` form that 3.0 readers expect.
"""

from __future__ import annotations

import io

from vobject.base import ContentLine, defaultSerialize

from netdesk.exchange.card import Address, ContactRecord
from netdesk.exchange.vcard_convert import (
    Params,
    Prop,
    clean,
    data_uri,
    escape_text,
    escape_uri,
    to_v3,
    to_v4,
)
from netdesk.exchange.vcard_map import unescape

_TYPES = {"home", "work", "cell", "fax", "pager", "text", "video", "textphone", "voice"}
# RFC 2426's types by property (an EMAIL there is internet or x400, not home or work)
_TYPES_3 = {"TEL": {"home", "work", "cell", "fax", "pager", "video", "voice", "msg", "bbs", "modem", "car", "isdn",
                    "pcs", "pref"},
            "ADR": {"home", "work", "dom", "intl", "postal", "parcel", "pref"}, "EMAIL": {"internet", "x400", "pref"}}
_SKIP_KEPT = {"VERSION", "PRODID", "FN", "N", "BEGIN", "END"}
_ADDRESS_TYPES = {"dom", "intl", "postal", "parcel", "pref"}
_PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/bmp": "BMP",
                "image/webp": "WEBP", "image/tiff": "TIFF"}


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (RFC 6350 §3.2), never inside a UTF-8 sequence.

    vobject's `foldOneLine` does the same one character at a time in Python: 5 s for a 2 MB photo, which
    made exporting an address book with photos take minutes. This cuts the encoded line in slices.
    """
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line + "\r\n"
    pieces = []
    start, width = 0, limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        pieces.append(data[start:end])
        start, width = end, limit - 1  # continuation lines begin with a space
    return b"\r\n ".join(pieces).decode("utf-8") + "\r\n"


def _structured(parts: list[str]) -> str:
    return ";".join(escape_text(p, part=True) for p in parts)


def _caret(text: str) -> str:
    """A parameter value with line breaks (RFC 6868). A double quote, even caret-encoded, is refused by strict
    readers in a parameter value: it becomes a single one."""
    return clean(text).replace("^", "^^").replace("\r\n", "^n").replace("\n", "^n").replace('"', "'")


class _Card:
    def __init__(self, version: str, taken_groups: set[str]) -> None:
        self.version = version
        self.buffer = io.StringIO()
        self.items = 0
        self.taken = taken_groups  # groups of kept properties (`item4.X-ABDATE`): new labels avoid them

    def line(self, name: str, value: str, params: Params | None = None, group: str | None = None) -> None:
        content = ContentLine(name, [], clean(value), group=group, encoded=True)
        for key, values in (params or {}).items():
            content.params[key] = list(values)
        unfolded = io.StringIO()
        defaultSerialize(content, unfolded, 1 << 62)  # vobject writes name, group and quoted parameters
        self.buffer.write(fold(unfolded.getvalue().removesuffix("\r\n")))

    def prop(self, prop: Prop) -> None:
        self.line(prop.name, prop.value, prop.params, prop.group)

    def labelled(self, name: str, value: str, label: str, params: Params | None = None) -> None:
        parts = [p.strip() for p in label.split(",") if p.strip()]
        known = _TYPES_3.get(name, set()) if self.version == "3.0" else _TYPES
        if parts and all(p in known for p in parts) and label == label.lower():
            self.line(name, value, {**(params or {}), "TYPE": parts})
        elif label:
            self.items += 1
            while f"item{self.items}" in self.taken:
                self.items += 1
            group = f"item{self.items}"
            self.line(name, value, params, group=group)
            self.line("X-ABLabel", escape_text(label), group=group)
        else:
            self.line(name, value, params)


def vcard(record: ContactRecord, version: str = "4.0", default_uid: str | None = None) -> str:
    """One card. `default_uid` is used when the record brought no UID of its own."""
    kept = [entry for entry in record.extra.get("vcard", []) if entry[1].upper() not in _SKIP_KEPT]
    card = _Card(version, {g.lower() for g, *_ in kept if g})
    card.buffer.write(f"BEGIN:VCARD\r\nVERSION:{version}\r\n")
    uids = [entry for entry in kept if entry[1].upper() == "UID"]
    others = [entry[3] for entry in kept if entry[1].upper() == "X-NETDESK-OTHER-UID"]
    kept = [entry for entry in kept if entry[1].upper() not in ("UID", "X-NETDESK-OTHER-UID")]
    if uids or default_uid:
        card.line("UID", escape_uri(unescape(uids[0][3])) if uids else default_uid)
    for other in [entry[3] for entry in uids[1:]] + others:  # a merged contact brought the other's UID
        card.line("X-NETDESK-OTHER-UID", escape_text(unescape(other)))
    card.line("FN", escape_text(record.name))
    _name(card, record, kept)
    if record.phonetic_given:
        card.line("X-PHONETIC-FIRST-NAME", escape_text(record.phonetic_given))
    if record.phonetic_family:
        card.line("X-PHONETIC-LAST-NAME", escape_text(record.phonetic_family))
    if record.organisation or record.department:
        card.line("ORG", _structured([record.organisation] + ([record.department] if record.department else [])))
    if record.title:
        card.line("TITLE", escape_text(record.title))
    for value, label in record.emails:
        card.labelled("EMAIL", escape_text(value), label)
    for value, label in record.phones:
        card.labelled("TEL", escape_text(value), label)
    for value, label in record.urls:
        card.labelled("URL", escape_uri(value), label)
    _addresses(card, record.addresses, kept)
    if record.linkedin_url:
        card.line("X-SOCIALPROFILE", escape_uri(record.linkedin_url), {"TYPE": ["linkedin"]})
    kept = _birthday(card, record.birthday, kept)
    _anniversary(card, record.anniversary)
    if record.tags:
        card.line("CATEGORIES", ",".join(escape_text(t) for t in record.tags))
    if record.notes:
        card.line("NOTE", escape_text(record.notes))
    _netdesk_fields(card, record)
    if record.photo:
        mime = record.photo_mime or "application/octet-stream"
        if version == "3.0":
            kind = _PHOTO_TYPES.get(mime, mime.rpartition("/")[2].upper())
            card.line("PHOTO", _b64(record.photo), {"ENCODING": ["b"], "TYPE": [kind]})
        else:
            card.line("PHOTO", data_uri(mime, record.photo))
    convert = to_v3 if version == "3.0" else to_v4
    for group, name, params, value in kept:
        prop = convert(group, name, params, value)
        if prop is not None:
            card.prop(prop)
    card.buffer.write("END:VCARD\r\n")
    return card.buffer.getvalue()


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def _name(card: _Card, record: ContactRecord, kept: list) -> None:
    n = record.extra.get("n") or [record.family_name, record.given_name, "", "", ""]
    sort = next((unescape(v) for _, name, _, v in kept if name.upper() == "SORT-STRING"), "")
    params = {"SORT-AS": [_caret(sort)]} if sort and card.version == "4.0" else None
    card.line("N", _structured((list(n) + [""] * 5)[:5]), params)


def _label_types(params: Params) -> frozenset[str]:
    return frozenset(t.lower() for t in params.get("TYPE", []) if t and t.lower() not in _ADDRESS_TYPES)


def _addresses(card: _Card, addresses: list[Address], kept: list) -> None:
    """ADR lines; in 4.0 a kept 3.0 LABEL becomes the LABEL parameter of the address it labels."""
    labels = []
    if card.version == "4.0":
        labels = [(_label_types(p), unescape(v)) for _, name, p, v in kept if name.upper() == "LABEL"]
    for address in addresses:
        params: Params = {}
        wanted = frozenset(p.strip() for p in address.label.split(",") if p.strip())
        for i, (types, text) in enumerate(labels):
            if types == wanted:
                params["LABEL"] = [_caret(text)]
                del labels[i]
                break
        card.labelled("ADR", _structured(["", "", address.street, address.locality, address.region,
                                          address.postcode, address.country]), address.label, params)
    for types, text in labels:  # a label whose address was not given: the 4.0 form is an ADR with only LABEL
        card.line("ADR", ";;;;;;", {"LABEL": [_caret(text)], **({"TYPE": sorted(types)} if types else {})})
    if card.version == "3.0":
        for group, name, params, _ in kept:
            if name.upper() == "ADR" and params.get("LABEL"):
                text = params["LABEL"][0].replace("^n", "\n").replace("^'", '"').replace("^^", "^")
                card.line("LABEL", escape_text(text), {"TYPE": params["TYPE"]} if params.get("TYPE") else None, group)


def _anniversary(card: _Card, anniversary: str | None) -> None:
    """ANNIVERSARY in 4.0 (RFC 6350 6.2.6: YYYYMMDD, or --MMDD without a year); 3.0 has none, so X-ANNIVERSARY
    as Evolution, KAddressBook and Outlook read it (YYYY-MM-DD, or --MM-DD)."""
    if not anniversary:
        return
    if card.version == "3.0":
        card.line("X-ANNIVERSARY", anniversary)
    else:
        card.line("ANNIVERSARY", anniversary[:2] + anniversary[2:].replace("-", ""))


def _birthday(card: _Card, birthday: str | None, kept: list) -> list:
    """BDAY, paired (ALTID) with the other spellings of it a 4.0 card brought; returns `kept` without those
    written here."""
    others = [entry for entry in kept if entry[1].upper() == "BDAY"]
    rest = [entry for entry in kept if entry[1].upper() != "BDAY"]
    if not birthday:
        return kept
    params: Params = {}
    if birthday.startswith("--"):
        if card.version == "3.0":
            # 3.0 has no year-less date; Apple's convention, which netdesk reads back too
            value, params = "1604" + birthday[1:], {"X-APPLE-OMIT-YEAR": ["1604"]}
        else:
            value = "--" + birthday[2:].replace("-", "")
    else:
        value = birthday if card.version == "3.0" else birthday.replace("-", "")
    altids = {(p.get("ALTID") or [""])[0] for _, _, p, _ in others}
    if card.version == "4.0" and len(altids) == 1 and "" not in altids:
        params["ALTID"] = [altids.pop()]
        rest += others
    else:
        rest += [[g, "X-BDAY", {k: v for k, v in p.items() if k.upper() != "ALTID"}, v] for g, _, p, v in others]
    card.line("BDAY", value, params or None)
    return rest


def _netdesk_fields(card: _Card, record: ContactRecord) -> None:
    if record.met_on:
        card.line("X-NETDESK-MET-ON", record.met_on.isoformat())
    if record.how_met:
        card.line("X-NETDESK-HOW-MET", escape_text(record.how_met))
    if record.every_days:
        card.line("X-NETDESK-EVERY-DAYS", str(record.every_days))
    if record.name_ok is not None:
        card.line("X-NETDESK-NAME-OK", "TRUE" if record.name_ok else "FALSE")
    if record.strength:
        card.line("X-NETDESK-STRENGTH", str(record.strength))
