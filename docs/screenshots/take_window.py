"""Screenshots of the whole main window, every section, light and dark, for the README.

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/screenshots/take_window.py [BIG_STORE]

BIG_STORE, if given, is a large store (e.g. 100k contacts from `netdesk.sample.write_store`); it is
opened read-mostly for one more picture, a search in it (window-100k-search.png).

Runs the real window on a throwaway store and options file: first the empty first-run window, then
the sample network in each section, then the same in the dark palette, and a few dialogs.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

TODAY = dt.date(2026, 3, 10)
OUT = Path(__file__).resolve().parent
SIZE = (1280, 800)


def settle(app, rounds: int = 8) -> None:
    """Let the window finish: queued events, and the contact list's rest from its background reader."""
    import time

    from netdesk.services import contact_list

    for _ in range(rounds):
        app.processEvents()
    deadline = time.monotonic() + 10
    while contact_list.loading() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(rounds):
        app.processEvents()


def shoot_dialogs(app, window, contact_id: int) -> None:
    from netdesk.ui.compose import ComposeDialog, _draft
    from netdesk.ui.dialogs import AddContactDialog
    from netdesk.ui.preferences import PreferencesDialog

    dialogs = {
        "dialog-preferences": PreferencesDialog(TODAY, window),
        "dialog-new-contact": AddContactDialog(TODAY, window),
        "dialog-compose": ComposeDialog(*_draft(contact_id), window),
        "dialog-shortcuts": window.actions_.shortcuts_box(),
    }
    for name, dialog in dialogs.items():
        dialog.show()
        settle(app)
        dialog.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote {OUT / name}.png")
        if name == "dialog-preferences":
            dialog.tabs.setCurrentIndex(1)
            settle(app)
            dialog.grab().save(str(OUT / "dialog-preferences-rules.png"))
        dialog.close()


def main() -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from netdesk.sample import load_sample
    from netdesk.services import contact_edit
    from netdesk.store.db import close_store, open_store
    from netdesk.ui import options, theme
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.navigation import KEYS

    QCoreApplication.setOrganizationName("netdesk-screenshots")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        options.use_file(Path(folder) / "options.ini")
        open_store(Path(folder) / "netdesk.sqlite3")
        try:
            window = MainWindow(today_fn=lambda: TODAY)
            window.resize(*SIZE)
            window.show()
            settle(app)
            window.grab().save(str(OUT / "window-first-run.png"))
            load_sample(TODAY, 200)
            window.refresh()
            # A well-filled contact for the detail card: the one with the longest history.
            richest = max((contact_edit.detail(cid) for cid in window.contacts_model.ids()[:200]),
                          key=lambda d: (len(d.chain) > 0, len(d.timeline)))
            for mode in ("light", "dark"):
                theme.apply(app, mode)
                settle(app)
                for key in KEYS:
                    window.show_section(key)
                    if key == "contacts":
                        window.open_contact(richest.contact.id)
                    settle(app)
                    path = OUT / f"window-{key}-{mode}.png"
                    window.grab().save(str(path))
                    print(f"wrote {path}")
            theme.apply(app, "light")
            settle(app)
            window.show_section("contacts")
            window.contacts.search.setText("mar")
            window.contacts._apply_search_now()
            settle(app)
            window.grab().save(str(OUT / "window-search.png"))
            window.grab().save(str(OUT / "main-window.png"))
            shoot_dialogs(app, window, richest.contact.id)
            window.close()
        finally:
            close_store()
    return 0


def shoot_big(path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from netdesk.store.db import close_store, open_store
    from netdesk.ui import options
    from netdesk.ui.main_window import MainWindow

    app = QApplication.instance()
    with tempfile.TemporaryDirectory() as folder:
        options.use_file(Path(folder) / "options.ini")
        options.START_SECTION.set("contacts")
        open_store(path, create=False)
        try:
            window = MainWindow(today_fn=lambda: TODAY)
            window.resize(*SIZE)
            window.show()
            window.contacts.search.setText("山田")
            window.contacts._apply_search_now()
            window.contacts.table.selectRow(0)
            settle(app)
            window.grab().save(str(OUT / "window-100k-search.png"))
            print(f"wrote {OUT / 'window-100k-search.png'}")
            window.close()
        finally:
            close_store()


if __name__ == "__main__":
    code = main()
    if len(sys.argv) > 1:
        shoot_big(Path(sys.argv[1]))
    raise SystemExit(code)
