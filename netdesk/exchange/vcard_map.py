"""vCard properties to `ContactRecord` fields. What has no field is kept verbatim in `extra["vcard"]`.

A kept property is `[group, NAME, {PARAM: [values]}, value]` with the value still vCard-escaped, so the
exporter writes it back exactly as it came (a base64 value is kept as its base64 text).
"""

from __future__ import annotations

import base64
import binascii
import re

from netdesk.domain.images import sniff
from netdesk.exchange.card import ContactRecord, linkedin_canonical
from netdesk.exchange.vcard_lines import Line, escape

DROPPED = {"VERSION", "PRODID", "REV", "BEGIN", "END", "PROFILE", "X-ABLABEL"}
_NOT_LABELS = {"pref", "internet", "x400"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_IMAGE_TYPES = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                "bmp": "image/bmp", "webp": "image/webp", "tiff": "image/tiff"}
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})$")


def unescape(value: str) -> str:
    """vCard text escapes: `\\n`/`\\N` are line breaks, any other escaped character stands for itself."""
    if "\\" not in value:
        return value
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value, flags=re.S)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on separators that are not backslash-escaped, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(unescape("".join(current)))
    return parts


def label_of(line: Line, apple_label: str | None) -> str:
    if apple_label:
        match = _APPLE_LABEL.match(apple_label.strip())
        return match.group(1) if match else apple_label.strip()
    types = [t for t in (t.strip().lower() for t in line.params.get("TYPE", [])) if t and t not in _NOT_LABELS]
    if len(types) > 1 and "voice" in types:
        types.remove("voice")  # a phone is for voice unless said otherwise: "cell,voice" is a cell
    return ",".join(dict.fromkeys(types))


def keep(record: ContactRecord, line: Line, value: str | None = None, apple_label: str | None = None) -> None:
    """Keep a property verbatim; an Apple label of its group (`item4.X-ABLabel`) is kept with it."""
    if value is None:
        value = line.value if line.raw_value is None else _b64_text(line.raw_value)
    kept = record.extra.setdefault("vcard", [])
    kept.append([line.group, line.name, line.params, value])
    if line.group and apple_label is not None:
        label = (apple_label.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
                 .replace(";", "\\;"))
        entry = [line.group, "X-ABLABEL", {}, label]
        if entry not in kept:
            kept.append(entry)


def _b64_text(raw: bytes) -> str:
    return re.sub(rb"\s+", b"", raw).decode("ascii", errors="replace")


# vCard 4.0's ANNIVERSARY (RFC 6350 6.2.6), and what 3.0 writers put instead: Evolution, KAddressBook,
# Outlook and others' X- properties. (Apple's X-ABDATE with an "Anniversary" X-ABLABEL is kept as is.)
ANNIVERSARY_NAMES = frozenset({"ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY",
                               "X-KADDRESSBOOK-X-ANNIVERSARY"})


def birthday(value: str, params: dict[str, list[str]]) -> str | None:
    value = value.strip()
    yearless = _YEARLESS.match(value)
    if yearless:
        return f"--{yearless.group(1)}-{yearless.group(2)}"
    match = _DATE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    if params.get("X-APPLE-OMIT-YEAR") and params["X-APPLE-OMIT-YEAR"][0] == year:
        return f"--{month}-{day}"
    return f"{year}-{month}-{day}"


def _valid_b64(raw: bytes) -> bool:
    try:
        base64.b64decode(re.sub(rb"\s+", b"", raw), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def photo(record: ContactRecord, line: Line) -> bool:
    """Take the first embedded photo (base64 or a data: URI); photo URLs stay in extra."""
    if record.photo is not None:
        return False
    mime = None
    if line.raw_value is not None:
        try:
            data = base64.b64decode(re.sub(rb"\s+", b"", line.raw_value) + b"==", validate=False)
        except (binascii.Error, ValueError):
            return False
        for kind in line.params.get("TYPE", []):
            mime = _IMAGE_TYPES.get(kind.lower().removeprefix("image/"))
    elif line.value.lower().startswith("data:"):
        header, _, payload = unescape(line.value)[5:].partition(",")
        if ";base64" not in header.lower():
            return False
        try:
            data = base64.b64decode(re.sub(r"\s+", "", payload) + "==")
        except (binascii.Error, ValueError):
            return False
        mime = header.split(";")[0].lower() or None
    else:
        return False
    if not data:
        return False
    # The bytes decide; a format we do not recognise keeps what the card declared (nothing is lost).
    record.photo, record.photo_mime = data, sniff(data) or mime or "application/octet-stream"
    return True


def apply_line(record: ContactRecord, line: Line, apple_label: str | None, where: str) -> None:
    """Put one property into the record, or keep it in extra."""
    name = line.name
    if name in DROPPED:
        return
    value = line.value
    if name == "FN":
        if not record.name and unescape(value).strip():
            record.name = " ".join(unescape(value).split())
        elif unescape(value).strip():
            keep(record, line)
    elif name == "N":
        parts = split_escaped(value, ";") + [""] * 5
        record.has_structured_name = True
        if line.params.get("SORT-AS"):  # 4.0's sort key: kept as 3.0's SORT-STRING, which either export writes
            keep(record, Line("SORT-STRING", None, {}, "", line.number), value=escape(line.params["SORT-AS"][0]))
        if not (record.given_name or record.family_name):
            record.family_name, record.given_name = parts[0].strip(), parts[1].strip()
            if any(p.strip() for p in parts[2:5]):
                record.extra["n"] = [p.strip() for p in parts[:5]]
    elif name == "ORG":
        parts = [p.strip() for p in split_escaped(value, ";")]
        if not (record.organisation or record.department) and any(parts):
            record.organisation = parts[0]
            record.department = "; ".join(p for p in parts[1:] if p)
        elif any(parts):
            keep(record, line)
    elif name == "TITLE" and not record.title and unescape(value).strip():
        record.title = unescape(value).strip()
    elif name == "EMAIL":
        record.add_email(unescape(value), label_of(line, apple_label))
    elif name == "TEL":
        number = unescape(value).strip()
        record.add_phone(number.removeprefix("tel:"), label_of(line, apple_label))
    elif name == "URL":
        record.add_url(unescape(value), label_of(line, apple_label))
    elif name in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
        types = {t.lower() for t in line.params.get("TYPE", []) + line.params.get("SERVICE-TYPE", [])}
        url = linkedin_canonical(unescape(value))
        user = (line.params.get("X-USER") or [""])[0].strip()
        if url is None and "linkedin" in types and user and "/" not in user:
            # iOS writes `X-SOCIALPROFILE;type=linkedin;x-user=jdoe:x-apple:jdoe`: the profile is the user.
            url = linkedin_canonical(f"https://www.linkedin.com/in/{user}")
        if url and (record.linkedin_url in (None, url)) and ("linkedin" in types or "/in/" in url):
            record.linkedin_url = url
        else:
            keep(record, line)
    elif name == "ADR":
        _address(record, line, apple_label)
    elif name == "NOTE":
        record.add_note(unescape(value))
    elif name == "CATEGORIES":
        for tag in split_escaped(value, ","):
            record.add_tag(tag)
    elif name == "PHOTO":
        if photo(record, line):
            return
        if line.raw_value is not None and line.raw_value.strip() and not _valid_b64(line.raw_value):
            # Kept as is, it would make every exported card unreadable (khard refuses the whole file).
            line.warnings.append(f"{where}, line {line.number}: the embedded photo is damaged "
                                 "(invalid base64) and was left out")
        elif value.strip() or line.raw_value and line.raw_value.strip():
            keep(record, line)
    elif name == "X-PHONETIC-FIRST-NAME" and not record.phonetic_given:
        record.phonetic_given = unescape(value).strip()
    elif name == "X-PHONETIC-LAST-NAME" and not record.phonetic_family:
        record.phonetic_family = unescape(value).strip()
    elif name == "BDAY" and record.birthday is None and birthday(value, line.params):
        record.birthday = birthday(value, line.params)
    elif name in ANNIVERSARY_NAMES and record.anniversary is None and birthday(value, line.params):
        record.anniversary = birthday(value, line.params)
    elif name == "X-NETDESK-MET-ON":
        from netdesk.domain.dates import parse_date

        try:
            record.met_on = parse_date(value.strip(), what="X-NETDESK-MET-ON")
        except Exception:
            keep(record, line)
    elif name == "X-NETDESK-HOW-MET":
        record.how_met = unescape(value)
    elif name in _NETDESK_FIELDS and _netdesk_field(record, name, unescape(value).strip()):
        return
    elif name in ("X-ADDRESSBOOKSERVER-KIND", "KIND") and value.strip().lower() == "group":
        record.extra["kind"] = "group"
        keep(record, line)
    else:
        keep(record, line, apple_label=apple_label)


_NETDESK_FIELDS = {"X-NETDESK-EVERY-DAYS", "X-NETDESK-NAME-OK", "X-NETDESK-STRENGTH"}


def _netdesk_field(record: ContactRecord, name: str, value: str) -> bool:
    """netdesk's own fields, as its export writes them; a value it would not write is kept verbatim instead."""
    if name == "X-NETDESK-NAME-OK" and value.upper() in ("TRUE", "FALSE"):
        record.name_ok = value.upper() == "TRUE"
    elif name == "X-NETDESK-EVERY-DAYS" and value.isdigit() and 0 < int(value) <= 36500:
        record.every_days = int(value)
    elif name == "X-NETDESK-STRENGTH" and value.isdigit() and 0 <= int(value) <= 5:
        record.strength = int(value)
    else:
        return False
    return True


def _address(record: ContactRecord, line: Line, apple_label: str | None) -> None:
    from netdesk.exchange.card import Address

    parts = [p.strip() for p in split_escaped(line.value, ";")] + [""] * 7
    box, extended, street, locality, region, postcode, country = parts[:7]
    address = Address(
        label=label_of(line, apple_label),
        street="\n".join(p for p in (box, extended, street) if p),
        locality=locality, region=region, postcode=postcode, country=country,
    )
    if line.params.get("LABEL"):
        # vCard 4.0's delivery label: kept as the LABEL it is in 3.0, so either export writes it back
        text = line.params["LABEL"][0].replace("^n", "\n").replace("^'", '"').replace("^^", "^")
        types = {"TYPE": line.params["TYPE"]} if line.params.get("TYPE") else {}
        keep(record, Line("LABEL", line.group, types, "", line.number), value=escape(text))
    if not address.is_empty() and address.key() not in {a.key() for a in record.addresses}:
        record.addresses.append(address)


def finish(record: ContactRecord) -> None:
    """Fill what a card implies but does not say (given/family from FN when N is absent)."""
    if record.name and not (record.given_name or record.family_name or record.has_structured_name):
        from netdesk.domain.names import split_display_name

        parsed = split_display_name(record.name)
        record.given_name, record.family_name = parsed.given, parsed.family
        if parsed.additional or parsed.prefix or parsed.suffix:
            record.extra["n"] = parsed.n()
