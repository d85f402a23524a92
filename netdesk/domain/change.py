"""What one use case touched: the typed answer to "what changed?".

Every write use case in `services/` returns a `Change`. The window refreshes only what it names
(the contacts model drops the named rows, the card and Today re-read only when their ids are in it),
and the sync outbox (SYNC.md) queues exactly these ids. Changes combine with `|`, so a use case that
calls two others returns the union, and an undo returns the same `Change` as the write it undoes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RecordKind(StrEnum):
    """The history tables, by the name the CLI and the timeline use for them."""

    INTERACTION = "interaction"
    FAVOUR = "favour"
    THANKS = "thanks"
    LEAD = "lead"
    REFERRAL = "referral"
    ASK = "ask"
    GIVE = "give"
    MEETING = "meeting"


RecordRef = tuple[RecordKind, int]


def _ids(values) -> frozenset:
    return frozenset(values or ())


@dataclass(frozen=True, slots=True)
class Change:
    """Ids written by one use case. `everything` is for bulk writes (import, restore, sample load)."""

    contacts: frozenset[int] = field(default_factory=frozenset)
    removed_contacts: frozenset[int] = field(default_factory=frozenset)
    records: frozenset[RecordRef] = field(default_factory=frozenset)
    reminders: frozenset[int] = field(default_factory=frozenset)
    settings: frozenset[str] = field(default_factory=frozenset)
    everything: bool = False

    @classmethod
    def of(
        cls,
        contacts=(),
        removed_contacts=(),
        records=(),
        reminders=(),
        settings=(),
        everything: bool = False,
    ) -> Change:
        """Build from any iterables (lists, sets, generators)."""
        return cls(
            _ids(contacts),
            _ids(removed_contacts),
            frozenset((RecordKind(kind), int(rid)) for kind, rid in records or ()),
            _ids(reminders),
            _ids(settings),
            everything,
        )

    @classmethod
    def all(cls) -> Change:
        return cls(everything=True)

    def __or__(self, other: Change) -> Change:
        return Change(
            self.contacts | other.contacts,
            self.removed_contacts | other.removed_contacts,
            self.records | other.records,
            self.reminders | other.reminders,
            self.settings | other.settings,
            self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return bool(
            self.everything
            or self.contacts
            or self.removed_contacts
            or self.records
            or self.reminders
            or self.settings
        )

    def touches_contact(self, contact_id: int | None) -> bool:
        """True when a view showing this contact must re-read it."""
        if contact_id is None:
            return False
        return self.everything or contact_id in self.contacts or contact_id in self.removed_contacts

    def records_of(self, kind: RecordKind) -> frozenset[int]:
        return frozenset(rid for k, rid in self.records if k == kind)

    def to_json(self) -> dict:
        return {
            "contacts": sorted(self.contacts),
            "removed_contacts": sorted(self.removed_contacts),
            "records": sorted([str(k), rid] for k, rid in self.records),
            "reminders": sorted(self.reminders),
            "settings": sorted(self.settings),
            "everything": self.everything,
        }


NOTHING = Change()


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a history use case wrote: the new record's id, its contact, the whole `Change`, warnings.

    It lives in domain/, not in a service module, so that every history service (meetings, asks, leads)
    can return it without importing another service.
    """

    id: int
    contact_id: int
    change: Change
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "contact_id": self.contact_id, "warnings": list(self.warnings)}
