"""A CalDAV account as netdesk keeps it (never with its password, which lives in the keyring)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    url: str
    username: str
    calendar: str = "netdesk"
    calendar_url: str = ""
    reminders_as: str = "events"  # or "tasks" (VTODO)
    ca_cert: str = ""
    addressbook: str = ""
    contacts: bool = True
    history: bool = True
    sync_token: str | None = None
    last_synced: str | None = None

    def to_json(self, pending: int) -> dict:
        # Contacts (CardDAV) and history (VJOURNAL) sync come in later issues: the account says so.
        return {
            "name": self.name, "url": self.url, "user": self.username, "calendar": self.calendar,
            "calendar_url": self.calendar_url, "reminders_as": self.reminders_as, "ca_cert": self.ca_cert or None,
            "addressbook": self.addressbook or None,
            "contacts": ("synced" if self.addressbook else "no address book chosen") if self.contacts else "off",
            "history": "not synced yet" if self.history else "off",
            "last_synced": self.last_synced, "pending": pending,
        }


@dataclass(frozen=True, slots=True)
class Item:
    """One calendar object netdesk put on the server."""

    uid: str
    href: str
    etag: str | None
    digest: str | None
