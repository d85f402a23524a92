"""A CSV that no known app wrote: which column holds which field, guessed from plain headers or chosen by the user.

`Name,Email,Phone,Company` and `First Name,Last Name,E-mail` (any case, any punctuation) are read without
asking: `guess` maps each header cell through a list of common spellings. Any other CSV needs a mapping,
one field per column (`FIELDS`), which the window's column step builds (CLI: `import --map`). A column
mapped to `extra` is kept in the contact's extra data, as the known dialects keep columns they do not use;
`ignore` leaves it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from netdesk.errors import ImportRefused
from netdesk.exchange.card import Address, ContactRecord
from netdesk.exchange.csv_dialects import Layout, cells, plain_layout
from netdesk.exchange.csv_map import _date, birthday_text

# field -> what the column step calls it, in the order it lists them
FIELDS: dict[str, str] = {
    "name": "Name (whole)",
    "given_name": "First name",
    "family_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "organisation": "Organisation",
    "title": "Job title",
    "department": "Department",
    "notes": "Notes",
    "tags": "Tags",
    "url": "Website",
    "birthday": "Birthday",
    "street": "Street",
    "city": "City",
    "region": "Region / state",
    "postcode": "Postcode",
    "country": "Country",
    "how_met": "How we met",
    "met_on": "Met on (date)",
    "extra": "Keep as extra data",
    "ignore": "Leave out",
}

_SPELLINGS: dict[str, set[str]] = {
    "name": {"name", "fullname", "displayname", "contact", "contactname", "person", "fn"},
    "given_name": {"firstname", "givenname", "forename", "first", "prenom", "vorname"},
    "family_name": {"lastname", "surname", "familyname", "last", "nom", "nachname"},
    "email": {"email", "emailaddress", "mail", "emails", "primaryemail", "workemail", "personalemail", "email1",
              "email2", "email3", "emailaddress1", "emailaddress2", "courriel"},
    "phone": {"phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "mobilenumber", "cell",
              "cellphone", "workphone", "homephone", "phone1", "phone2", "telefon"},
    "organisation": {"company", "organisation", "organization", "org", "employer", "companyname",
                     "organizationname", "organisationname", "firma"},
    "title": {"title", "jobtitle", "position", "role"},
    "department": {"department", "dept"},
    "notes": {"notes", "note", "comments", "comment", "description", "remarks"},
    "tags": {"tags", "tag", "labels", "label", "groups", "group", "categories", "category"},
    "url": {"website", "url", "web", "homepage", "webpage", "linkedin", "linkedinurl", "profile", "profileurl",
            "site"},
    "birthday": {"birthday", "dateofbirth", "dob", "birthdate"},
    "street": {"address", "street", "streetaddress", "address1"},
    "city": {"city", "town", "locality"},
    "region": {"state", "region", "province", "county"},
    "postcode": {"zip", "zipcode", "postcode", "postalcode"},
    "country": {"country", "countryregion"},
    "how_met": {"howmet", "howwemet"},
    "met_on": {"meton", "connectedon", "datemet", "metdate", "met"},
}
_BY_SPELLING = {spelling: field for field, spellings in _SPELLINGS.items() for spelling in spellings}


def _key(cell: str) -> str:
    return re.sub(r"[^0-9a-z]", "", cell.casefold())


def guess(header: Sequence[str]) -> list[str]:
    """One field per column from its header cell; a cell nobody spells that way is kept as `extra`."""
    return [_BY_SPELLING.get(_key(cell), "extra") for cell in header]


def usable(mapping: Sequence[str]) -> bool:
    """A mapping that can name a contact: a name, a first or last name, an organisation or an email column."""
    return bool({"name", "given_name", "family_name", "email", "organisation"} & set(mapping))


def recognised(header: Sequence[str]) -> bool:
    """Plain headers netdesk reads without asking: at least a name or an email column is spelt as usual."""
    return bool({"name", "given_name", "family_name", "email"} & set(guess(header)))


def layout_of(path: Path) -> Layout:
    layout = plain_layout(path)
    if layout is None:
        raise ImportRefused(f"{path}: not a CSV file (no header row netdesk can split into columns)")
    return layout


def sample(path: Path, count: int = 3) -> tuple[Layout, list[list[str]]]:
    """The layout and the first `count` rows, for the column step."""
    layout = layout_of(path)
    rows: list[list[str]] = []
    for _line, row in cells(path, layout.encoding, layout.delimiter, layout.header_index, len(layout.header)):
        rows.append(row)
        if len(rows) >= count:
            break
    return layout, rows


def read_mapped(path: Path, mapping: Sequence[str] | None = None) -> Iterator[ContactRecord]:
    """The records of a plain CSV, each column read as the field `mapping` gives it (`guess` when None)."""
    layout = layout_of(path)
    mapping = list(mapping) if mapping is not None else guess(layout.header)
    if len(mapping) != len(layout.header):
        raise ImportRefused(f"{path}: the column mapping names {len(mapping)} columns, the header has "
                            f"{len(layout.header)}")
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ImportRefused(f"{path}: unknown field {unknown[0]!r} in the column mapping; "
                            f"use one of {', '.join(FIELDS)}")
    if not usable(mapping):
        raise ImportRefused(f"{path}: no column is a name, organisation or email address; "
                            "choose which column is which")

    def records() -> Iterator[ContactRecord]:
        rows = cells(path, layout.encoding, layout.delimiter, layout.header_index, len(layout.header))
        for record_no, (line, row) in enumerate(rows, start=1):
            yield _record(layout.header, mapping, row, f"{path}: record {record_no} (line {line})")

    return records()


def _record(header: Sequence[str], mapping: Sequence[str], row: list[str], where: str) -> ContactRecord:
    record = ContactRecord(where=where)
    address = Address()
    extra: dict[str, str] = {}
    for index, field in enumerate(mapping):
        value = row[index].strip() if index < len(row) else ""
        if not value or field == "ignore":
            continue
        if field in ("name", "given_name", "family_name", "organisation", "title", "department", "how_met"):
            if not getattr(record, field):
                setattr(record, field, " ".join(value.split()))
        elif field == "email":
            for part in re.split(r"\s*(?:[;,]|:::)\s*", value):
                record.add_email(part)
        elif field == "phone":
            for part in re.split(r"\s*(?:;|:::)\s*", value):
                record.add_phone(part)
        elif field == "url":
            record.add_url(value)
        elif field == "tags":
            for tag in re.split(r"\s*(?:[;,]|:::)\s*", value):
                record.add_tag(tag)
        elif field == "notes":
            record.add_note(value)
        elif field == "birthday":
            record.birthday = record.birthday or birthday_text(value)
            if record.birthday is None:
                extra[header[index] or f"column {index + 1}"] = value
        elif field == "met_on":
            met = _date(value, ("%Y-%m-%d", "%d %b %Y", "%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y"))
            if met is None:
                extra[header[index] or f"column {index + 1}"] = value
            elif record.met_on is None:
                record.met_on = met
        elif field in ("street", "city", "region", "postcode", "country"):
            attribute = {"city": "locality"}.get(field, field)
            if not getattr(address, attribute):
                setattr(address, attribute, value)
        else:  # extra
            extra[header[index] or f"column {index + 1}"] = value
    if not address.is_empty():
        record.addresses.append(address)
    if extra:
        record.extra["csv"] = extra
    return record
