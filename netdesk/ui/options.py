"""Every QSettings value the window keeps, declared once with its type and default (Picard's options.py).

Two kinds are kept apart:
- `Pref`: user preferences the user chose in the Preferences dialog (appearance, notifications);
- `State`: UI state the window remembers by itself (geometry, splitter, column widths, last section).

Rule thresholds, the goal and calendar options are not here: they belong to the store (store/settings.py),
so the CLI sees the same rules as the window. Widgets never call `QSettings()` themselves; they read and
write through these declarations, and tests point the whole module at a throwaway file with `use_file()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

_REGISTRY: dict[str, _Option] = {}
_file: Path | None = None


def use_file(path: Path | None) -> None:
    """Keep options in this INI file instead of the platform's place (tests, portable runs)."""
    global _file
    _file = path


def _settings() -> QSettings:
    if _file is not None:
        return QSettings(str(_file), QSettings.Format.IniFormat)
    return QSettings()


@dataclass(frozen=True)
class _Option(Generic[T]):
    group: str
    name: str
    default: T
    kind: type

    @property
    def key(self) -> str:
        return f"{self.group}/{self.name}"

    def get(self) -> T:
        raw = _settings().value(self.key)
        if raw is None:
            return self.default
        return _coerce(raw, self.kind, self.default)

    def set(self, value: T) -> None:
        if not isinstance(value, self.kind):
            raise TypeError(f"option {self.key} takes {self.kind.__name__}, not {type(value).__name__}")
        _settings().setValue(self.key, value)

    def reset(self) -> None:
        _settings().remove(self.key)


def _coerce(raw: Any, kind: type, default: Any) -> Any:
    # INI files hand back strings for every scalar; a damaged value falls back to the default
    # rather than breaking start-up.
    try:
        if kind is bool:
            return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
        if kind is int:
            return int(raw)
        if kind is str:
            return str(raw)
        if kind is QByteArray:
            return raw if isinstance(raw, QByteArray) else QByteArray(raw)
    except (TypeError, ValueError):
        return default
    return raw if isinstance(raw, kind) else default


def _declare(group: str, name: str, default: T, kind: type | None = None) -> _Option[T]:
    option = _Option(group, name, default, kind or type(default))
    if option.key in _REGISTRY:
        raise ValueError(f"option {option.key} declared twice")
    _REGISTRY[option.key] = option
    return option


def Pref(name: str, default: T, kind: type | None = None) -> _Option[T]:  # noqa: N802  (reads as a type)
    return _declare("preferences", name, default, kind)


def State(name: str, default: T, kind: type | None = None) -> _Option[T]:  # noqa: N802  (reads as a type)
    return _declare("state", name, default, kind)


def declared() -> dict[str, _Option]:
    return dict(_REGISTRY)


# -- preferences ----------------------------------------------------------------------------------
APPEARANCE = Pref("appearance", "system")  # system | light | dark
TRAY_NOTIFICATIONS = Pref("tray_notifications", True)
SEARCH_DEBOUNCE_MS = Pref("search_debounce_ms", 150)
START_SECTION = Pref("start_section", "today")  # a section key, or "last"

# -- UI state -------------------------------------------------------------------------------------
WINDOW_GEOMETRY = State("window/geometry", QByteArray(), QByteArray)
WINDOW_STATE = State("window/state", QByteArray(), QByteArray)
LAST_SECTION = State("window/section", "today")
CONTACTS_HEADER = State("contacts/header", QByteArray(), QByteArray)
CONTACTS_SPLITTER = State("contacts/splitter", QByteArray(), QByteArray)
CONTACTS_TAG_FILTER = State("contacts/tag_filter", "")
CONTACTS_DUE_FILTER = State("contacts/due_filter", "all")
LAST_IMPORT_DIR = State("paths/import_dir", "")
LAST_EXPORT_DIR = State("paths/export_dir", "")
NOTIFIED_ON = State("tray/notified_on", "")  # ISO date of the last "reminders due" notification
