"""Light and dark: follow the system's colour scheme, or the user's choice in Preferences.

Desktop platform themes (GNOME, KDE, macOS, Windows) hand Qt a dark palette themselves when the system is
dark. Where the platform only reports the scheme (or nothing, as under a bare X server), netdesk builds
the palette itself with Fusion, so the window is never a light island on a dark desktop.
Everything netdesk paints itself reads the palette at paint time, so a switch needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

MODES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

_state: dict = {"default_palette": None, "default_style": None, "connected": False, "mode": "system"}


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#2b2d30"), QColor("#1f2023"), QColor("#e6e6e6")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#27292c"),
        QPalette.ColorRole.ToolTipBase: QColor("#3a3c40"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8c8f94"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#35373b"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#45474c"),
        QPalette.ColorRole.Midlight: QColor("#3a3c40"),
        QPalette.ColorRole.Mid: QColor("#303236"),
        QPalette.ColorRole.Dark: QColor("#18191b"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#3d6fb6"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7fb0ff"),
        QPalette.ColorRole.LinkVisited: QColor("#c39bff"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    disabled = QColor("#7c7f85")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour() -> str:
    """The red of a refused value: readable on the light and on the dark palette."""
    return "#ff8a80" if palette_is_dark(QApplication.palette()) else "#b3261e"


def error_style() -> str:
    """A form's error line: red text on a faint red band with a red edge, so it reads as an error, not a link."""
    colour = error_colour()
    return (f"QLabel {{ color: {colour}; background: rgba(179, 38, 30, 0.10); border-left: 3px solid {colour};"
            " padding: 4px 8px; font-weight: 600; }")


def system_prefers_dark(app: QApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return palette_is_dark(_state["default_palette"] or app.palette())


def apply(app: QApplication, mode: str = "system") -> bool:
    """Set the palette for `mode`; returns True when the result is dark."""
    if _state["default_palette"] is None:
        _state["default_palette"] = QPalette(app.palette())
        _state["default_style"] = app.style().name()
    _state["mode"] = mode if mode in MODES else "system"
    if not _state["connected"]:
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply(app, _state["mode"]))
        _state["connected"] = True
    want_dark = mode == "dark" or (mode == "system" and system_prefers_dark(app))
    platform_dark = palette_is_dark(_state["default_palette"])
    if want_dark and not platform_dark:
        app.setStyle("Fusion")  # the platform style may ignore a custom palette; Fusion never does
        app.setPalette(dark_palette())
    elif not want_dark and platform_dark:
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    else:
        if _state["default_style"] and app.style().name() != _state["default_style"]:
            app.setStyle(_state["default_style"])
        app.setPalette(_state["default_palette"])
    return palette_is_dark(app.palette())
