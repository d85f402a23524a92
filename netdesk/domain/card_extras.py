"""What the contact card shows beyond the editable fields: every stored way to reach someone, and the
facts an address book brought in (issue 19 item 5). Built by `store/card_extras.py`; nothing here reads
the store or the clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Labelled:
    """One email, phone or web address with its vCard label (work, home, cell…), which may be empty."""

    value: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class PostalAddress:
    label: str
    street: str
    locality: str
    region: str
    postcode: str
    country: str

    @property
    def text(self) -> str:
        """The address on one line, in the order letters use: street, postcode and town, region, country."""
        town = " ".join(part for part in (self.postcode, self.locality) if part)
        return ", ".join(part for part in (self.street, town, self.region, self.country) if part)


@dataclass(frozen=True, slots=True)
class CardExtras:
    emails: tuple[Labelled, ...] = ()
    phones: tuple[Labelled, ...] = ()
    urls: tuple[Labelled, ...] = ()  # websites and social profiles (LinkedIn first)
    addresses: tuple[PostalAddress, ...] = ()
    birthday: str | None = None  # YYYY-MM-DD, or --MM-DD without a year
    department: str = ""
    nickname: str = ""
    anniversary: str | None = None  # of working together, in the birthday's form (schema v8)


def nickname_of(extra: dict) -> str:
    """The NICKNAME a vCard brought in (kept with the card's other unmapped properties)."""
    for entry in extra.get("vcard", []) if isinstance(extra, dict) else []:
        if isinstance(entry, list | tuple) and len(entry) >= 4 and str(entry[1]).upper() == "NICKNAME":
            return str(entry[3]).replace("\\,", ",").strip()
    return ""


def birthday_text(value: str | None) -> str:
    """'12 April 1985', or '12 April' for a birthday stored without its year."""
    if not value:
        return ""
    months = ("January February March April May June July August September October November December").split()
    parts = value.lstrip("-").split("-")
    try:
        if len(parts) == 3:
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
            return f"{day} {months[month - 1]} {year}"
        month, day = int(parts[-2]), int(parts[-1])
        return f"{day} {months[month - 1]}"
    except (ValueError, IndexError):
        return value
