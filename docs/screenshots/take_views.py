"""Screenshots of the record views over the sample network, for the README.

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/screenshots/take_views.py [--dark] [today|asks|...|dialogs]...

Each view is shown alone in a real window (the main window's screenshots are taken elsewhere), painted,
and grabbed to docs/screenshots/<view>.png (<view>-dark.png with a dark palette). `dialogs` grabs the
ask dialog with the pushiness guard's warnings and the meeting dialog.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import tempfile
from pathlib import Path

VIEWS = {"today": "TodayView", "asks": "AsksView", "leads": "LeadsView", "meetings": "MeetingsView",
         "goals": "GoalsView"}
TODAY = dt.date(2026, 3, 10)
OUT = Path(__file__).resolve().parent


def share_an_article() -> None:
    """What a user does in a normal week: pass an article on. The Today view then suggests sharing it
    with others whose tags match (the give-back matcher), not only saying hello."""
    from netdesk.services import contacts, recording

    first = contacts.list_ids(limit=1)[0]
    recording.record_give(first, "How a mentor grows an open source community", kind="article",
                        link="https://example.org/mentoring-open-source", on=TODAY - dt.timedelta(days=2), today=TODAY)


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.AlternateBase, "#2a2b2e"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#2d2e31"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#3b78c4"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
                         (QPalette.ColorRole.Link, "#8ab4f8"), (QPalette.ColorRole.ToolTipBase, "#2d2e31"),
                         (QPalette.ColorRole.ToolTipText, "#e8eaed")):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7f8389"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#7f8389"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7f8389"))
    return palette


def grab_dialogs(app, context) -> None:
    from netdesk.services import asks, contacts
    from netdesk.ui.dialogs_records import AskDialog, MeetingDialog

    pushed = next(r for r in __import__("netdesk.services.overview", fromlist=["asks"]).asks() if r.status == "open")
    ask = AskDialog(TODAY, asks.warnings_for, (pushed.contact_id, pushed.contact))
    ask.purpose.setPlainText("Could you introduce me to your head of data?")
    meeting = MeetingDialog(TODAY, (pushed.contact_id, pushed.contact), zone="Europe/Paris")
    meeting.purpose.setPlainText("Advice on moving into data engineering")
    referrer = contacts.get(contacts.list_ids(limit=1)[0])
    meeting.referred_by.setText(referrer.name)
    for name, dialog in (("dialog-ask", ask), ("dialog-meeting", meeting)):
        dialog.show()
        for _ in range(5):
            app.processEvents()
        path = OUT / f"{name}.png"
        dialog.grab().save(str(path))
        print(f"wrote {path}")
        dialog.close()


def main(names: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from netdesk.sample import load_sample
    from netdesk.store.db import close_store, open_store
    from netdesk.ui.context import AppContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    dark = "--dark" in names
    names = [n for n in names if n != "--dark"]
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as folder:
        open_store(Path(folder) / "netdesk.sqlite3")
        try:
            load_sample(TODAY, 200)
            share_an_article()
            for name in names or [*VIEWS, "dialogs"]:
                if name == "dialogs":
                    grab_dialogs(app, AppContext.create(lambda: TODAY))
                    continue
                module = importlib.import_module(f"netdesk.ui.views.{name}")
                context = AppContext.create(lambda: TODAY)
                view = getattr(module, VIEWS[name])(context)
                view.setWindowTitle(f"netdesk — {name}")
                view.resize(1200, 760)
                view.show()
                for _ in range(5):
                    app.processEvents()
                path = OUT / f"{name}{'-dark' if dark else ''}.png"
                view.grab().save(str(path))
                print(f"wrote {path}")
                view.close()
                view.deleteLater()
                app.processEvents()
        finally:
            close_store()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
