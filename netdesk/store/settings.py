"""Settings that the CLI and the window share live in the store (JSON values), not in QSettings.

Rule thresholds, the calendar options and the feed token belong to the data: a CLI run must see
the same rules as the window. Window geometry and such stay in QSettings (ui/options.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from netdesk.domain.rules import RuleSettings
from netdesk.store.models import Setting

RULE_PREFIX = "rule."


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def put(key: str, value: Any) -> None:
    Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()


def store_id() -> str:
    return get("store_id")


def rule_key(name: str) -> str:
    """The setting key of one RuleSettings field (what a `Change` names when the threshold moves)."""
    return RULE_PREFIX + name


def rule_settings() -> RuleSettings:
    values = {
        key[len(RULE_PREFIX):]: json.loads(value)
        for key, value in Setting.select(Setting.key, Setting.value).where(Setting.key.startswith(RULE_PREFIX))
        .tuples()
    }
    return RuleSettings.from_mapping(values)


def put_rule_settings(rules: RuleSettings) -> list[str]:
    """Store every threshold; returns the keys whose stored value changed."""
    before = asdict(rule_settings())
    changed = []
    for name, value in asdict(rules).items():
        put(rule_key(name), value)
        if before.get(name) != value:
            changed.append(rule_key(name))
    return changed
