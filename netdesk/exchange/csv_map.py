"""CSV rows to `ContactRecord`s, one mapping per dialect. Columns with no field go to `extra["csv"]`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from netdesk.errors import ImportRefused
from netdesk.exchange.card import Address, ContactRecord
from netdesk.exchange.csv_dialects import read_rows

# Values Outlook writes into every row whatever the contact: keeping them would only add noise.
_PLACEHOLDERS = {"0/0/00", "00/00/00", "0/0/0000", "normal", "false", "unspecified", "smtp"}
_NUMBERED = re.compile(r"^(e-mail|phone|website|address|relation|event|im|custom field|organization) (\d+) - (.+)$",
                       re.I)
_GOOGLE_SYSTEM_GROUPS = {"mycontacts", "my contacts", "starred"}


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}
_DAY_MON_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$")


def _date(value: str, formats: tuple[str, ...]) -> dt.date | None:
    # LinkedIn's `12 Mar 2024` on every row: strptime is slow and follows the locale's month names.
    match = _DAY_MON_YEAR.match(value.strip())
    if match and match.group(2).lower() in _MONTHS:
        try:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        except ValueError:
            return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def birthday_text(value: str) -> str | None:
    value = value.strip()
    if not value or value.lower() in _PLACEHOLDERS:
        return None
    if re.fullmatch(r"--\d{2}-\d{2}", value):
        return value
    found = _date(value, ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d"))
    return found.isoformat() if found else None


def _take(row: dict[str, str], *names: str) -> str:
    for name in names:
        value = row.pop(name, "").strip()
        if value:
            return value
    return ""


def _keep_rest(record: ContactRecord, row: dict[str, str]) -> None:
    rest = {k: v for k, v in row.items() if v.strip() and v.strip().lower() not in _PLACEHOLDERS}
    if rest:
        record.extra["csv"] = rest


def linkedin(row: dict[str, str], where: str) -> ContactRecord:
    record = ContactRecord(where=where)
    record.given_name = _take(row, "First Name")
    record.family_name = _take(row, "Last Name")
    record.add_url(_take(row, "URL", "Profile URL"), "LinkedIn")
    record.add_email(_take(row, "Email Address"))
    record.organisation = _take(row, "Company")
    record.title = _take(row, "Position")
    connected = _take(row, "Connected On")
    if connected:
        record.met_on = _date(connected, ("%d %b %Y", "%d-%b-%y", "%Y-%m-%d", "%m/%d/%y"))
        if record.met_on is None:
            raise ImportRefused(f"{where}: 'Connected On' is {connected!r}, not a date like 12 Mar 2024")
        record.how_met = "LinkedIn"
    _keep_rest(record, row)
    return record


def google(row: dict[str, str], where: str) -> ContactRecord:
    """Both Google layouts: the current `First Name,…,Labels` and the old `Name,Given Name,…,Group Membership`."""
    record = ContactRecord(where=where)
    record.name = _take(row, "Name", "File As")
    record.given_name = _take(row, "First Name", "Given Name")
    record.family_name = _take(row, "Last Name", "Family Name")
    record.phonetic_given = _take(row, "Phonetic First Name", "Given Name Yomi")
    record.phonetic_family = _take(row, "Phonetic Last Name", "Family Name Yomi")
    record.organisation = _take(row, "Organization Name", "Organization 1 - Name")
    record.title = _take(row, "Organization Title", "Organization 1 - Title")
    record.department = _take(row, "Organization Department", "Organization 1 - Department")
    record.birthday = birthday_text(_take(row, "Birthday"))
    record.add_note(_take(row, "Notes"))
    for group in re.split(r"\s*:::\s*", _take(row, "Labels", "Group Membership")):
        group = group.strip().removeprefix("* ").strip()
        if group and group.casefold() not in _GOOGLE_SYSTEM_GROUPS:
            record.add_tag(group)
    _numbered(record, row)
    _keep_rest(record, row)
    return record


def _numbered(record: ContactRecord, row: dict[str, str]) -> None:
    """`E-mail 1 - Label`/`E-mail 1 - Value` pairs (`Type` in the old layout); values may hold ` ::: `."""
    slots: dict[tuple[str, str], dict[str, str]] = {}
    for column in list(row):
        match = _NUMBERED.match(column)
        if match and match.group(1).lower() in ("e-mail", "phone", "website", "address"):
            slots.setdefault((match.group(1).lower(), match.group(2)), {})[match.group(3).lower()] = row.pop(column)
    for (kind, _), cells in sorted(slots.items(), key=lambda item: int(item[0][1])):
        label = (cells.get("label") or cells.get("type") or "").strip().removeprefix("* ").strip()
        if kind == "address":
            address = Address(label=label, street="\n".join(p for p in (cells.get("po box", "").strip(),
                              cells.get("extended address", "").strip(), cells.get("street", "").strip()) if p),
                              locality=cells.get("city", "").strip(), region=cells.get("region", "").strip(),
                              postcode=cells.get("postal code", "").strip(), country=cells.get("country", "").strip())
            if address.is_empty() and cells.get("formatted", "").strip():
                address.street = cells["formatted"].strip()
            if not address.is_empty():
                record.addresses.append(address)
            continue
        for value in re.split(r"\s*:::\s*", cells.get("value", "")):
            {"e-mail": record.add_email, "phone": record.add_phone, "website": record.add_url}[kind](value, label)


_OUTLOOK_PHONES = ["Primary Phone", "Business Phone", "Business Phone 2", "Mobile Phone", "Home Phone",
                   "Home Phone 2", "Company Main Phone", "Other Phone", "Assistant's Phone", "Callback",
                   "Car Phone", "ISDN", "Radio Phone", "TTY/TDD Phone", "Telex", "Business Fax", "Home Fax",
                   "Other Fax", "Pager"]


def outlook(row: dict[str, str], where: str) -> ContactRecord:
    """Outlook desktop (quoted, `Country/Region`) and Outlook.com (unquoted) share their column names."""
    record = ContactRecord(where=where)
    prefix, suffix = _take(row, "Title"), _take(row, "Suffix")
    record.given_name = " ".join(p for p in (_take(row, "First Name"), _take(row, "Middle Name")) if p)
    record.family_name = _take(row, "Last Name")
    record.phonetic_given = _take(row, "Given Yomi")  # Outlook.com's Japanese readings
    record.phonetic_family = _take(row, "Surname Yomi")
    if prefix or suffix:
        record.extra["n"] = [record.family_name, record.given_name, "", prefix, suffix]
    record.organisation = _take(row, "Company")
    record.department = _take(row, "Department")
    record.title = _take(row, "Job Title")
    for column in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"):
        record.add_email(_take(row, column))
        row.pop(column.replace("Address", "Display Name"), None)
        row.pop(column.replace("Address", "Type"), None)
    for column in _OUTLOOK_PHONES:
        record.add_phone(_take(row, column), column.lower())
    for kind in ("Business", "Home", "Other"):
        street = "\n".join(p for p in (_take(row, f"{kind} Address PO Box"), _take(row, f"{kind} Street"),
                                       _take(row, f"{kind} Street 2"), _take(row, f"{kind} Street 3")) if p)
        address = Address(label=kind.lower(), street=street, locality=_take(row, f"{kind} City"),
                          region=_take(row, f"{kind} State"), postcode=_take(row, f"{kind} Postal Code"),
                          country=_take(row, f"{kind} Country/Region", f"{kind} Country"))
        if not address.is_empty():
            record.addresses.append(address)
    record.birthday = birthday_text(_take(row, "Birthday"))
    record.anniversary = birthday_text(_take(row, "Anniversary"))  # Outlook's; 0/0/00 is none
    record.add_note(_take(row, "Notes"))
    record.add_url(_take(row, "Web Page"))
    record.add_url(_take(row, "Personal Web Page"), "home")
    for tag in re.split(r"\s*;\s*", _take(row, "Categories")):
        record.add_tag(tag)
    record.introduced_by = _take(row, "Referred By")
    _keep_rest(record, row)
    return record


def thunderbird(row: dict[str, str], where: str) -> ContactRecord:
    record = ContactRecord(where=where)
    record.name = _take(row, "Display Name")
    record.given_name = _take(row, "First Name")
    record.family_name = _take(row, "Last Name")
    record.add_email(_take(row, "Primary Email"))
    record.add_email(_take(row, "Secondary Email"))
    for column, label in (("Work Phone", "work"), ("Home Phone", "home"), ("Mobile Number", "cell"),
                          ("Fax Number", "fax"), ("Pager Number", "pager")):
        record.add_phone(_take(row, column), label)
    for kind in ("Home", "Work"):
        address = Address(label=kind.lower(),
                          street="\n".join(p for p in (_take(row, f"{kind} Address"), _take(row, f"{kind} Address 2")) if p),
                          locality=_take(row, f"{kind} City"), region=_take(row, f"{kind} State"),
                          postcode=_take(row, f"{kind} ZipCode"), country=_take(row, f"{kind} Country"))
        if not address.is_empty():
            record.addresses.append(address)
    record.title = _take(row, "Job Title")
    record.department = _take(row, "Department")
    record.organisation = _take(row, "Organization")
    record.add_url(_take(row, "Web Page 1"))
    record.add_url(_take(row, "Web Page 2"))
    year, month, day = _take(row, "Birth Year"), _take(row, "Birth Month"), _take(row, "Birth Day")
    if month.isdigit() and day.isdigit():
        record.birthday = (f"{int(year):04d}" if year.isdigit() else "-") + f"-{int(month):02d}-{int(day):02d}"
    record.add_note(_take(row, "Notes"))
    _keep_rest(record, row)
    return record


MAPPERS: dict[str, Callable[[dict[str, str], str], ContactRecord]] = {
    "linkedin": linkedin, "google": google, "google-old": google, "outlook": outlook, "thunderbird": thunderbird,
}


def read_csv(path: Path, wanted: str | None = None) -> tuple[str, Iterator[ContactRecord]]:
    dialect, rows = read_rows(path, wanted)
    mapper = MAPPERS[dialect]

    def records() -> Iterator[ContactRecord]:
        for record_no, (line, row) in enumerate(rows, start=1):
            yield mapper(row, f"{path}: record {record_no} (line {line})")

    return dialect, records()
