"""Writing `ContactRecord`s as vCard 4.0 (RFC 6350) and as Google-compatible CSV.

vCard lines are serialised (escaping aside) and folded by vobject. Labels that vCard 4.0 has a TYPE for go
in TYPE; any other label goes in an Apple `itemN.` group with `X-ABLabel`, which Apple, Google and netdesk
all read back. Properties kept from an import (`extra["vcard"]`) are written back as they came.
"""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterable

from vobject.base import ContentLine, defaultSerialize

from netdesk.exchange.card import ContactRecord

_TYPES = {"home", "work", "cell", "fax", "pager", "text", "video", "textphone", "voice"}
_SKIP_KEPT = {"VERSION", "PRODID", "FN", "N", "BEGIN", "END"}


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
            .replace(",", "\\,").replace(";", "\\;"))


def _structured(parts: Iterable[str]) -> str:
    return ";".join(_escape(p) for p in parts)


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


class _Card:
    def __init__(self, taken_groups: set[str]) -> None:
        self.buffer = io.StringIO()
        self.items = 0
        self.taken = taken_groups  # groups of kept properties (`item4.X-ABDATE`): new labels avoid them

    def line(self, name: str, value: str, params: dict[str, list[str]] | None = None, group: str | None = None,
             ) -> None:
        content = ContentLine(name, [], value, group=group, encoded=True)
        for key, values in (params or {}).items():
            content.params[key] = list(values)
        unfolded = io.StringIO()
        defaultSerialize(content, unfolded, 1 << 62)  # vobject writes name, group and quoted parameters
        self.buffer.write(fold(unfolded.getvalue().removesuffix("\r\n")))

    def labelled(self, name: str, value: str, label: str) -> None:
        parts = [p.strip() for p in label.split(",") if p.strip()]
        if parts and all(p in _TYPES for p in parts) and label == label.lower():
            self.line(name, value, {"TYPE": parts})
        elif label:
            self.items += 1
            while f"item{self.items}" in self.taken:
                self.items += 1
            group = f"item{self.items}"
            self.line(name, value, group=group)
            self.line("X-ABLabel", _escape(label), group=group)
        else:
            self.line(name, value)


def vcard(record: ContactRecord) -> str:
    card = _Card({g.lower() for g, *_ in record.extra.get("vcard", []) if g})
    card.buffer.write("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    card.line("FN", _escape(record.name))
    n = record.extra.get("n") or [record.family_name, record.given_name, "", "", ""]
    card.line("N", _structured((list(n) + [""] * 5)[:5]))
    if record.phonetic_given:
        card.line("X-PHONETIC-FIRST-NAME", _escape(record.phonetic_given))
    if record.phonetic_family:
        card.line("X-PHONETIC-LAST-NAME", _escape(record.phonetic_family))
    if record.organisation or record.department:
        card.line("ORG", _structured([record.organisation] + ([record.department] if record.department else [])))
    if record.title:
        card.line("TITLE", _escape(record.title))
    for value, label in record.emails:
        card.labelled("EMAIL", _escape(value), label)
    for value, label in record.phones:
        card.labelled("TEL", _escape(value), label)
    for value, label in record.urls:
        card.labelled("URL", value.replace("\\", "\\\\").replace("\n", ""), label)
    for address in record.addresses:
        card.labelled("ADR", _structured(["", "", address.street, address.locality, address.region,
                                          address.postcode, address.country]), address.label)
    if record.linkedin_url:
        card.line("X-SOCIALPROFILE", record.linkedin_url, {"TYPE": ["linkedin"]})
    if record.birthday:
        card.line("BDAY", record.birthday.replace("-", "") if not record.birthday.startswith("--")
                  else "--" + record.birthday[2:].replace("-", ""))
    if record.tags:
        card.line("CATEGORIES", ",".join(_escape(t) for t in record.tags))
    if record.notes:
        card.line("NOTE", _escape(record.notes))
    if record.met_on:
        card.line("X-NETDESK-MET-ON", record.met_on.isoformat())
    if record.how_met:
        card.line("X-NETDESK-HOW-MET", _escape(record.how_met))
    if record.photo:
        data = base64.b64encode(record.photo).decode("ascii")
        card.line("PHOTO", f"data:{record.photo_mime or 'application/octet-stream'};base64,{data}")
    for group, name, params, value in record.extra.get("vcard", []):
        if name.upper() not in _SKIP_KEPT:
            card.line(name, value, params, group=group)
    card.buffer.write("END:VCARD\r\n")
    return card.buffer.getvalue()


GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name",
    "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name", "Organization Title",
    "Organization Department", "Birthday", "Notes", "Photo", "Labels",
]


def google_csv(records: Iterable[ContactRecord]) -> str:
    """Google Contacts' current CSV layout; as many numbered E-mail/Phone/Address/Website columns as needed."""
    records = list(records)
    emails = max((len(r.emails) for r in records), default=0)
    phones = max((len(r.phones) for r in records), default=0)
    addresses = max((len(r.addresses) for r in records), default=0)
    sites = max((len(r.urls) + (1 if r.linkedin_url else 0) for r in records), default=0)
    header = list(GOOGLE_HEADER)
    for i in range(1, emails + 1):
        header += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, phones + 1):
        header += [f"Phone {i} - Label", f"Phone {i} - Value"]
    for i in range(1, addresses + 1):
        header += [f"Address {i} - {part}" for part in ("Label", "Formatted", "Street", "City", "PO Box",
                                                          "Region", "Postal Code", "Country", "Extended Address")]
    for i in range(1, sites + 1):
        header += [f"Website {i} - Label", f"Website {i} - Value"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in records:
        n = r.extra.get("n") or [r.family_name, r.given_name, "", "", ""]
        n = (list(n) + [""] * 5)[:5]
        labels = " ::: ".join(["* myContacts", *r.tags])
        row = [r.given_name, n[2], r.family_name, r.phonetic_given, "", r.phonetic_family, n[3], n[4], "", r.name,
               r.organisation, r.title, r.department, r.birthday or "", r.notes, "", labels]
        row += _pairs(r.emails, emails) + _pairs(r.phones, phones)
        for a in r.addresses + [None] * (addresses - len(r.addresses)):
            row += ["", "", "", "", "", "", "", "", ""] if a is None else [
                a.label, "", a.street, a.locality, "", a.region, a.postcode, a.country, ""]
        sites_list = list(r.urls) + ([(r.linkedin_url, "LinkedIn")] if r.linkedin_url else [])
        row += _pairs(sites_list, sites)
        writer.writerow(row)
    return out.getvalue()


def _pairs(values: list[tuple[str, str]], width: int) -> list[str]:
    cells: list[str] = []
    for value, label in values:
        cells += [label, value]
    return cells + [""] * (2 * (width - len(values)))
