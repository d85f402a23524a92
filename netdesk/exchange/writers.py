"""Writing `ContactRecord`s as Google-compatible CSV; vCard (4.0 and 3.0) is vcard_write.py, re-exported here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from netdesk.exchange.card import ContactRecord
from netdesk.exchange.vcard_write import fold, vcard

__all__ = ["GOOGLE_HEADER", "fold", "google_csv", "vcard"]


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
