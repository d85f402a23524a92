"""The store-side preferences the Preferences dialog edits: rule thresholds, the goal, tag cadences.

They live in the store (not QSettings) so that the CLI applies the same rules as the window.
Saving re-derives the reminders, since every threshold moves due dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from netdesk.domain.rules import RuleSettings
from netdesk.errors import InvalidValue
from netdesk.services import reminders
from netdesk.store import settings
from netdesk.store.models import Tag, database


def rule_settings() -> RuleSettings:
    return settings.rule_settings()


def save_rule_settings(rules: RuleSettings, *, today: dt.date) -> RuleSettings:
    """Store new thresholds; returns the ones they replaced."""
    for item in fields(rules):
        value = getattr(rules, item.name)
        if not isinstance(value, int) or value < 0:
            raise InvalidValue(f"{item.name.replace('_', ' ')} must be a whole number of 0 or more")
    with database.atomic():
        previous = settings.rule_settings()
        settings.put_rule_settings(rules)
        reminders.derive(today)
    return previous


def tag_cadences() -> dict[str, int | None]:
    return {name: every for name, every in Tag.select(Tag.name, Tag.every_days).order_by(Tag.name).tuples()}


def save_tag_cadences(cadences: dict[str, int | None], *, today: dt.date) -> dict[str, int | None]:
    """Set the keep-in-touch cadence of each named tag; returns the ones they replaced."""
    for name, every in cadences.items():
        if every is not None and every <= 0:
            raise InvalidValue(f"the cadence of {name!r} must be a positive number of days")
    with database.atomic():
        previous = {name: every for name, every in tag_cadences().items() if name in cadences}
        for name, every in cadences.items():
            Tag.update(every_days=every).where(Tag.name == name).execute()
        reminders.derive(today)
    return previous
