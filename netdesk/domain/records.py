"""Frozen history records the etiquette rules read: leads, referrals, asks, gives, meetings, cadences.

`Favour` and `Contact` live in `model.py` (the walking skeleton); these are the rest of PRODUCT.md.

A record read for a list also carries the display names of the contacts it names (as `Reminder.contact`
does); they are left out of equality, so a record compares equal whether or not its names were joined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netdesk.domain.ids import AskId, ContactId, GiveId, LeadId, MeetingId, ReferralId
from netdesk.domain.kinds import AskStatus, Effort, GiveKind


@dataclass(frozen=True, slots=True)
class Lead:
    id: LeadId
    contact_id: ContactId
    text: str
    on: dt.date
    thanked_on: dt.date | None = None
    outcome: str | None = None
    outcome_on: dt.date | None = None
    reported_on: dt.date | None = None
    contact: str = field(default="", compare=False)

    @property
    def state(self) -> str:
        """What the lead asks of you next: pursue it, tell the giver how it went, or nothing."""
        if self.outcome is None:
            return "pursue"
        return "reported" if self.reported_on else "tell them"


@dataclass(frozen=True, slots=True)
class Referral:
    """You gave the seeker (B) the name of the target (C) on `on`."""

    id: ReferralId
    seeker_id: ContactId
    target_id: ContactId
    on: dt.date
    note: str = ""
    seeker: str = field(default="", compare=False)
    target: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Ask:
    id: AskId
    contact_id: ContactId
    purpose: str
    on: dt.date
    effort: Effort = Effort.SMALL
    status: AskStatus = AskStatus.OPEN
    resolved_on: dt.date | None = None
    # The latest thanks recorded for this contact; a thanks on or after the resolution closes its thank-you.
    last_thanked: dt.date | None = None
    contact: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Give:
    id: GiveId
    contact_id: ContactId
    text: str
    on: dt.date
    kind: GiveKind = GiveKind.ARTICLE
    link: str | None = None
    contact: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Meeting:
    id: MeetingId
    contact_id: ContactId
    at: dt.datetime
    referred_by: ContactId | None = None
    purpose: str = ""
    tzid: str = "UTC"
    duration_minutes: int = 60
    location: str = ""
    contact: str = field(default="", compare=False)
    referrer: str = field(default="", compare=False)

    @property
    def day(self) -> dt.date:
        """The meeting's day where it happens (its own offset), which is what "the day before" counts from."""
        return self.at.date()


@dataclass(frozen=True, slots=True)
class Cadence:
    """What keep-in-touch needs to know about one contact."""

    contact_id: ContactId
    created_on: dt.date
    every_days: int | None = None
    tag_days: tuple[int, ...] = ()
    met_on: dt.date | None = None
    last_interaction: dt.date | None = None  # the last touch-point: interaction, favour received, thanks
    cadence_from: dt.date | None = None  # the day a contact without a cadence got one

    @property
    def days(self) -> int | None:
        """The contact's own cadence wins; else the most frequent among its tags (CLI.md `tag every`)."""
        if self.every_days is not None:
            return self.every_days
        return min(self.tag_days) if self.tag_days else None

    @property
    def since(self) -> dt.date:
        """L: the last touch-point, else met-on, else created; never before a new cadence was set."""
        day = self.last_interaction or self.met_on or self.created_on
        return max(day, self.cadence_from) if self.cadence_from else day
