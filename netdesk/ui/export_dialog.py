"""Exporting contacts from the window: vCard 4.0, Google CSV or the full JSON backup.

The format follows the file type chosen in the save dialog; the export runs on the pool (a backup of a
large store takes a moment) and reports in the status line or a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from netdesk.ui import options
from netdesk.ui.messages import Messages
from netdesk.ui.workers import run_in_background

FILTERS = {
    "vCard 4.0 (*.vcf)": ("vcard", ".vcf"),
    "Google Contacts CSV (*.csv)": ("csv", ".csv"),
    "netdesk full backup (*.json)": ("json", ".json"),
}


def format_for(path: Path, chosen_filter: str) -> tuple[str, Path]:
    """The export format and the file name (with its extension added when the user left it out)."""
    by_suffix = {suffix: fmt for fmt, suffix in FILTERS.values()}
    if path.suffix.lower() in by_suffix:
        return by_suffix[path.suffix.lower()], path
    fmt, suffix = FILTERS.get(chosen_filter, ("vcard", ".vcf"))
    return fmt, path.with_name(path.name + suffix)


def open_export_dialog(parent: QWidget | None, today: dt.date, contact_ids: Sequence[int] | None = None) -> bool:
    """Ask for a file and export to it (all contacts, or `contact_ids` for vCard and CSV)."""
    from netdesk.services import exporting

    folder = Path(options.LAST_EXPORT_DIR.get() or Path.home())
    name, chosen = QFileDialog.getSaveFileName(parent, "Export contacts", str(folder / "contacts.vcf"),
                                               ";;".join(FILTERS))
    if not name:
        return False
    fmt, path = format_for(Path(name), chosen)
    options.LAST_EXPORT_DIR.set(str(path.parent))
    ids = None if fmt == "json" else contact_ids

    def done(count: int) -> None:
        Messages.tell(parent, "Export contacts", f"Wrote {count} contacts to {path}.")

    def failed(exc) -> None:
        Messages.tell(parent, "Export contacts", str(exc), error=True)

    run_in_background(parent, "Export contacts", lambda: exporting.export(path, fmt, ids), done, failed)
    return True
