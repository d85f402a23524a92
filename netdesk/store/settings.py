"""Settings that the CLI and the window share live in the store (JSON values), not in QSettings.

Rule thresholds, the calendar options and the feed token belong to the data: a CLI run must see
the same rules as the window. Window geometry and such stay in QSettings (ui/options.py).
"""

from __future__ import annotations

import json
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


def rule_settings() -> RuleSettings:
    values = {
        row.key[len(RULE_PREFIX):]: json.loads(row.value)
        for row in Setting.select().where(Setting.key.startswith(RULE_PREFIX))
    }
    return RuleSettings.from_mapping(values)


def put_rule_settings(rules: RuleSettings) -> None:
    from dataclasses import asdict

    for key, value in asdict(rules).items():
        put(RULE_PREFIX + key, value)
