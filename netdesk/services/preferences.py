"""The store-side preferences the Preferences dialog edits: rule thresholds, the goal, tag cadences.

They live in the store (not QSettings) so that the CLI applies the same rules as the window.
Saving re-derives the reminders the new values move, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from netdesk.domain.change import Change
from netdesk.domain.rules import RuleSettings
from netdesk.errors import InvalidValue
from netdesk.services.etiquette import derived
from netdesk.store import settings, tags
from netdesk.store.db import transaction


def rule_settings() -> RuleSettings:
    return settings.rule_settings()


def save_rule_settings(rules: RuleSettings, *, today: dt.date) -> Change:
    """Store new thresholds (the monthly goal among them); every reminder may move, so all are derived."""
    for item in fields(rules):
        value = getattr(rules, item.name)
        if not isinstance(value, int) or value < 0:
            raise InvalidValue(f"{item.name.replace('_', ' ')} must be a whole number of 0 or more")
    with transaction():
        keys = settings.put_rule_settings(rules)
        if not keys:
            return Change()
        return Change.of(settings=keys) | derived(today)


def tag_cadences() -> dict[str, int | None]:
    return tags.cadences()


def save_tag_cadences(cadences: dict[str, int | None], *, today: dt.date) -> Change:
    """Set the keep-in-touch cadence of each named tag; only the contacts carrying a changed tag are derived."""
    for name, every in cadences.items():
        if every is not None and every <= 0:
            raise InvalidValue(f"the cadence of {name!r} must be a positive number of days")
    with transaction():
        members = tags.set_cadences(cadences)
        if not members:
            return Change()
        return Change.of(contacts=members) | derived(today, members)
