"""The neutral contact record every reader produces and every writer consumes.

It is mutable because readers fill it field by field; it never leaves `exchange/` and `services/`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from netdesk.domain.names import join_name

_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub|company)/([^/?#\s]+)", re.I)


@dataclass
class Address:
    label: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""

    def is_empty(self) -> bool:
        return not any((self.street, self.locality, self.region, self.postcode, self.country))

    def key(self) -> tuple[str, ...]:
        return tuple(" ".join(part.split()).casefold() for part in
                     (self.street, self.locality, self.region, self.postcode, self.country))


@dataclass
class ContactRecord:
    """One contact as read from a file. `where` says where it was found, for messages (`record 3, line 41`)."""

    name: str = ""
    given_name: str = ""
    family_name: str = ""
    phonetic_given: str = ""
    phonetic_family: str = ""
    organisation: str = ""
    department: str = ""
    title: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    phones: list[tuple[str, str]] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    birthday: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is unknown
    anniversary: str | None = None  # the same form: the card's ANNIVERSARY (4.0) or its 3.0 X- equivalents
    linkedin_url: str | None = None
    photo: bytes | None = None
    photo_mime: str | None = None
    met_on: dt.date | None = None
    how_met: str = ""
    introduced_by: str = ""  # a name, resolved against the store by the import service
    # netdesk's own fields, carried as X-NETDESK-* in a vCard; None: the file did not say
    every_days: int | None = None  # keep-in-touch cadence
    name_ok: bool | None = None  # the contact cleared use of their name
    strength: int | None = None
    extra: dict = field(default_factory=dict)
    where: str = ""
    contact_id: int | None = None  # set when the record was read from the store (export)
    has_structured_name: bool = False  # an N property was present (even empty): don't guess from FN

    def add_note(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.notes:
            self.notes = f"{self.notes}\n\n{text}" if self.notes else text

    def add_tag(self, tag: str) -> None:
        tag = _printable(tag)
        if tag and tag.casefold() not in {t.casefold() for t in self.tags}:
            self.tags.append(tag)

    def add_email(self, value: str, label: str = "") -> None:
        value = value.strip().strip("<>").strip()
        if value and value.casefold() not in {e.casefold() for e, _ in self.emails}:
            self.emails.append((value, label))

    def add_phone(self, value: str, label: str = "") -> None:
        value = " ".join(value.split())
        if value and value not in {p for p, _ in self.phones}:
            self.phones.append((value, label))

    def add_url(self, value: str, label: str = "") -> None:
        value = value.strip()
        if not value:
            return
        canonical = linkedin_canonical(value)
        if canonical and canonical.startswith("https://www.linkedin.com/in/") and not self.linkedin_url:
            self.linkedin_url = canonical
            return
        if value not in {u for u, _ in self.urls}:
            self.urls.append((value, label))


def linkedin_canonical(url: str) -> str | None:
    """One spelling per LinkedIn profile, so the same person from two exports matches.

    `http://linkedin.com/in/Jane-Doe/?trk=x` and `https://www.linkedin.com/in/jane-doe` are the same profile;
    LinkedIn's public profile slugs are case-insensitive.
    """
    match = _LINKEDIN.match(url.strip().replace("\\:", ":"))
    if not match:
        return None
    kind, slug = match.group(1).lower(), match.group(2).lower()
    return f"https://www.linkedin.com/{kind}/{slug}"


def display_name(record: ContactRecord) -> str:
    """The name to show, derived the way address books do when FN is missing.

    Order: the given name, the structured name, the organisation (company cards), then the email address.
    A record with none of these has nothing to show a person by and is skipped by the importer.
    """
    name = _printable(record.name)
    if name:
        return name
    joined = _printable(join_name(record.given_name, record.family_name))  # 山田太郎, not 太郎 山田
    if joined:
        return joined
    organisation = _printable(record.organisation)
    if organisation:
        return organisation
    if record.emails:
        return _printable(record.emails[0][0])
    return ""


def _printable(text: str) -> str:
    """`text` without control characters (and lone surrogates), spaces collapsed.

    A NUL or a lone control byte in a damaged file is not a name: left in, it would pass as one and
    then meet the store's CHECK on contact.name instead of being skipped with a reason. Format
    characters (a ZWJ in an emoji) and unassigned code points are kept: they are text.
    """
    kept = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))
    return " ".join(kept.split())
