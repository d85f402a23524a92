"""When the store will not open: say why, and offer to restore the newest good backup.

The damaged file is never deleted: restoring keeps it in the backups folder, so a specialist (or a
later netdesk) can still try to get something out of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from netdesk.errors import UserFacingError
from netdesk.ui.messages import Messages

TITLE = "netdesk: the store could not be opened"


def describe_backup(path: Path) -> str:
    taken = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return f"{path.name} (taken {taken})"


def offer_recovery(parent: QWidget | None, error: UserFacingError, db_path: Path, *,
                   now: dt.datetime | None = None) -> bool:
    """Show why the store will not open; if it is damaged and a good backup exists, offer to restore it.

    Returns True when the store was restored and now opens (the caller carries on), False otherwise.
    """
    from netdesk.services import backups
    from netdesk.store.db import open_store
    from netdesk.store.errors import StoreDamaged

    if not isinstance(error, StoreDamaged):
        Messages.tell(parent, TITLE, f"The store could not be opened.\n\n{error}", error=True)
        return False
    good = error.backup or backups.newest_good_backup(db_path)
    if good is None:
        Messages.tell(parent, TITLE, f"{error}\n\nNo good backup was found in {db_path.parent / 'backups'}. "
                      "If you kept one elsewhere, restore it with `netdesk restore FILE`.", error=True)
        return False
    question = (f"The store {db_path} is damaged or is not a netdesk store.\n\n"
                f"Restore the newest good backup, {describe_backup(good)}?\n\n"
                "The damaged file is kept in the backups folder; nothing is deleted.")
    if not Messages.ask(parent, TITLE, question):
        return False
    try:
        done = backups.restore(db_path, good, now=now or dt.datetime.now(dt.UTC))
        open_store(db_path)
    except UserFacingError as again:
        Messages.tell(parent, TITLE, f"The backup could not be restored.\n\n{again}", error=True)
        return False
    kept = f" The damaged store is kept as {done.kept}." if done.kept else ""
    Messages.tell(parent, "netdesk", f"Restored {good.name}.{kept}")
    return True
