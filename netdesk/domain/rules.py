"""Etiquette rules: pure functions from records (and a given `today`) to the reminders they call for.

Each rule is tied to one source record type, so the same rule on the same record always gives the
same reminder identity (see `reminder_uid`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields

from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.domain.model import DesiredReminder, Favour


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Every threshold and delay, with PRODUCT.md's defaults. Stored in the `setting` table."""

    thank_you_days: int = 2
    follow_up_days: int = 3
    close_the_loop_days: int = 2
    expect_call_days: int = 0
    check_back_days: int = 14
    prepare_days_before: int = 1
    monthly_goal: int = 3
    ask_window_days: int = 90
    ask_window_max: int = 2
    balance_window_days: int = 365

    @classmethod
    def from_mapping(cls, values: dict) -> RuleSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in known})


def reminder_uid(store_id: str, kind: ReminderKind, source: str, source_id: int) -> str:
    """A calendar UID that never changes for one rule on one record of one store.

    uuid5 keeps it opaque (no ids leak into other people's calendars) yet fully deterministic.
    """
    namespace = uuid.UUID(store_id)
    return f"{uuid.uuid5(namespace, f'{kind.value}/{source}/{source_id}')}@netdesk"


def thank_you_for_favour(favour: Favour, contact_name: str, settings: RuleSettings, today: dt.date) -> DesiredReminder:
    """A favour received on D calls for thanks by D + 2 days, until thanks are recorded."""
    del today  # the due date is fixed by the favour; kept for a uniform rule signature
    return DesiredReminder(
        kind=ReminderKind.THANK_YOU,
        source="favour",
        source_id=favour.id,
        contact_id=favour.contact_id,
        due=favour.on + dt.timedelta(days=settings.thank_you_days),
        title=f"Thank {contact_name}",
        detail=f"They did you a favour on {favour.on.isoformat()}: {favour.text}",
        closed=ReminderStatus.DONE if favour.thanked_on is not None else None,
    )
