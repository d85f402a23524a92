"""What a contact's name and email addresses must be, however the contact is written (CLI, window, import).

One rule for an email address: a single word (no spaces, tabs or line breaks anywhere, the ends included)
with exactly one "@", text before it, and after it a domain with a dot inside it (`example.org`: no
empty label, so not `example.`, `.org` or `example..org`). It is deliberately not RFC 5322: quoted local
parts with spaces or a second "@" are legal there and unheard of in an address book, while a stray space
or a missing ".org" is almost always a typo. Callers that read loose input (a form field, a vCard line)
strip it first; what reaches the rule is the value.
"""

from __future__ import annotations

from collections.abc import Iterable

from netdesk.errors import InvalidValue


def clean_name(name: str) -> str:
    """The display name with runs of whitespace collapsed; a contact needs one."""
    clean = " ".join(str(name).split())
    if not clean:
        raise InvalidValue("a contact needs a name")
    return clean


def is_email(address: str) -> bool:
    # split() == [address]: not empty and no whitespace at all (one C-level pass; the import checks 10k).
    if address.split() != [address] or address.count("@") != 1:
        return False
    local, _at, domain = address.partition("@")
    labels = domain.split(".")
    return bool(local) and len(labels) >= 2 and all(labels)


# Why a value was refused, for every caller's message (the CLI, the window, the importer's warning).
EMAIL_RULE = "an email address has one @ and a domain with a dot, like name@example.org"


def check_emails(addresses: Iterable[str]) -> list[str]:
    """The addresses as given, or InvalidValue naming the first that is not one."""
    out = list(addresses)
    for address in out:
        if not is_email(address):
            raise InvalidValue(f"{address!r} is not an email address ({EMAIL_RULE})")
    return out


def check_cadence(every_days: int | None) -> int | None:
    if every_days is not None and int(every_days) <= 0:
        raise InvalidValue(f"a keep-in-touch cadence is a positive number of days, not {every_days}")
    return None if every_days is None else int(every_days)
