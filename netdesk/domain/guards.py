"""The pushiness guard (PRODUCT.md habit 3): warnings before an ask, each for its own reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netdesk.domain.ids import ContactId
from netdesk.domain.kinds import AskStatus
from netdesk.domain.records import Ask, Give
from netdesk.domain.rules import RuleSettings


def ask_warnings(contact_name: str, on: dt.date, asks: Sequence[Ask], gives: Sequence[Give],
                 settings: RuleSettings) -> list[str]:
    """Warnings for a new ask of one contact on `on`, given their earlier asks and your gives to them.

    `asks` are the contact's other asks (not the new one). A first ask of someone never warns:
    no open ask, no earlier asks, and 1 ask does not exceed 0 gives + 1.
    """
    warnings: list[str] = []
    still_open = sorted((a for a in asks if a.status is AskStatus.OPEN), key=lambda a: (a.on, a.id))
    if still_open:
        first = still_open[0]
        warnings.append(
            f"your open ask of {contact_name} (since {first.on.isoformat()}: “{first.purpose}”) is still waiting; "
            "resolve it before asking again"
        )
    window_start = on - dt.timedelta(days=settings.ask_window_days)
    recent = [a for a in asks if window_start <= a.on <= on]
    if len(recent) >= settings.ask_window_max:
        warnings.append(
            f"you made {len(recent)} asks of {contact_name} in the {settings.ask_window_days} days before this one"
        )
    balance_start = on - dt.timedelta(days=settings.balance_window_days)
    asked = 1 + sum(1 for a in asks if balance_start <= a.on <= on)
    given = sum(1 for g in gives if balance_start <= g.on <= on)
    if asked > given + settings.balance_slack:
        warnings.append(
            f"your asks of {contact_name} ({asked} in {settings.balance_window_days} days, this one included) "
            f"outweigh what you gave them ({given}); give something back first"
        )
    return warnings


@dataclass(frozen=True, slots=True)
class Balance:
    """Asks of and gives to one contact within the guard's balance window."""

    contact_id: ContactId
    contact: str
    asks: int
    gives: int

    @property
    def balance(self) -> int:
        return self.gives - self.asks


def most_owed_first(balances: Iterable[Balance]) -> list[Balance]:
    """The people you owe most come first; ties by name."""
    return sorted(balances, key=lambda b: (b.balance, b.contact.casefold()))
