"""A meeting as its calendar event shows it, and the cache row that may already hold that event's bytes."""

from __future__ import annotations

from dataclasses import dataclass, field

from netdesk.domain.brief import BriefFacts


@dataclass(frozen=True, slots=True)
class CachedComponent:
    """A serialised calendar component from the cache: valid while its variant still matches."""

    variant: str
    sequence: int
    body: bytes


@dataclass(frozen=True, slots=True)
class MeetingEvent:
    """Everything one meeting's event shows: its own fields, its contact, and the brief."""

    id: int
    contact: str
    at: str  # as stored: ISO 8601 with the offset it was entered with
    tzid: str
    duration_minutes: int
    purpose: str
    location: str
    notes: str  # the meeting's private notes ('' when read without notes)
    contact_notes: str
    brief: BriefFacts


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One meeting for a calendar render: enough to place it and to tell whether its cached event is current.

    `fingerprint` digests every input of the event (the brief's facts included), so a cached body whose
    variant carries the same fingerprint is current. `inputs` holds those inputs as the store read them;
    only meetings that must be serialised again are turned into a `MeetingEvent`.
    """

    id: int
    at: str
    tzid: str
    fingerprint: str
    cached: CachedComponent | None
    inputs: str = field(repr=False, compare=False)  # as the store read them (its own encoding)
