"""Screenshots of the record views over the sample network, for the README.

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python docs/screenshots/take_views.py [today|asks|leads|meetings|goals]...

Each view is shown alone in a real window (the main window's screenshots are taken elsewhere), painted,
and grabbed to docs/screenshots/<view>.png.
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


def main(names: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from netdesk.sample import load_sample
    from netdesk.store.db import close_store, open_store
    from netdesk.ui.context import AppContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        open_store(Path(folder) / "netdesk.sqlite3")
        try:
            load_sample(TODAY, 200)
            for name in names or list(VIEWS):
                module = importlib.import_module(f"netdesk.ui.views.{name}")
                context = AppContext.create(lambda: TODAY)
                view = getattr(module, VIEWS[name])(context)
                view.setWindowTitle(f"netdesk — {name}")
                view.resize(1200, 760)
                view.show()
                for _ in range(5):
                    app.processEvents()
                path = OUT / f"{name}.png"
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
