"""Starting the desktop app (and `--self-test`). The only entry that loads Qt."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from netdesk import APP_NAME, ORG_NAME


def preload() -> None:
    """Import the window's pure-Python dependencies before PySide6.

    Once PySide6 is loaded, shiboken checks every module imported after it for `from __feature__` by
    reading the module's source (inspect.getsource): ~0.2 ms a module, ~50 ms for these.
    tests/ui/test_startup.py checks that the window imports no pure-Python module these leave out.
    """
    import html  # noqa: F401

    from netdesk import errors, paths  # noqa: F401
    from netdesk.domain import images  # noqa: F401
    from netdesk.services import (  # noqa: F401  (etiquette, overview, capture_*: the Today view's)
        asks,
        capture_hints,
        capture_run,
        contact_edit,
        contact_list,
        etiquette,
        leads,
        local_zone,
        meetings,
        overview,
        recording,
        records,
        reminders,
    )
    from netdesk.store import db, settings  # noqa: F401


def main(*, db_path: Path | None = None, self_test: bool = False, argv: list[str] | None = None,
         open_paths: list[Path] | None = None, on_started: Callable | None = None, minimised: bool = False) -> int:
    """Run the window; `open_paths` (a .vcf or .csv from the file manager) are offered for import.

    `on_started(app)` is called once the QApplication exists, before the window is built (the bench
    uses it to watch for the first paint).
    """
    preload()
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from netdesk import paths
    from netdesk.errors import UserFacingError
    from netdesk.store.db import close_store, open_store
    from netdesk.ui import excepthook, options, theme
    from netdesk.ui.main_window import MainWindow

    db_path = db_path or paths.default_db_path()
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(argv if argv is not None else [sys.argv[0]])
    if on_started is not None:
        on_started(app)
    app.setWindowIcon(QIcon(str(paths.resource("netdesk.svg"))))
    if not self_test:
        excepthook.install()  # the self-test must fail loudly, not wait on a dialog
    theme.apply(app, options.APPEARANCE.get())
    check = _checker(self_test)
    check(f"Qt platform: {app.platformName()}")
    from netdesk.ui.single_instance import SingleInstance, bring_forward  # one window per store (issue 9)

    instance = SingleInstance(db_path, app)
    if not self_test and not instance.claim(open_paths):
        print("netdesk is already open on this store; its window was raised", file=sys.stderr)
        return 0
    crash_log = None if self_test else excepthook.CrashLog(db_path)  # faulthandler's file; last crash's report
    try:
        open_store(db_path)
    except UserFacingError as exc:
        if self_test:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        from netdesk.ui.store_recovery import offer_recovery  # offers the newest good backup

        if not offer_recovery(None, exc, db_path):
            if crash_log is not None:
                crash_log.close_cleanly()  # a store that would not open is no crash
            return 1
    check(f"store: {db_path}")
    try:
        window = MainWindow(db_path=db_path)
        # `--tray` (the autostart entry): minimised; the tray, notifications and the feed start as usual.
        window.showMinimized() if minimised and not self_test else window.show()
        instance.activation_requested.connect(lambda: bring_forward(window))
        instance.files_requested.connect(window.actions_.import_contacts)
        if crash_log is not None and crash_log.previous:
            QTimer.singleShot(0, lambda: excepthook.show_previous_crash(window, crash_log.previous))
        if open_paths and not self_test:
            QTimer.singleShot(0, lambda: window.actions_.import_contacts(list(open_paths)))
        if not self_test:
            from netdesk.ui.auto_backup import AutoBackup

            AutoBackup(db_path, window).start(first_delay_ms=3000)
        if self_test:
            pixmap = window.grab()
            if pixmap.isNull() or pixmap.width() == 0:
                print("error: the main window did not paint", file=sys.stderr)
                return 1
            check(f"main window painted: {pixmap.width()}x{pixmap.height()}")
            check(f"contacts listed: {window.contacts_model.rowCount()}")
            check(f"section shown: {window.current_section()}")
            from netdesk.services import reminders

            check(f"reminders open: {len(reminders.list_reminders())}")
            QTimer.singleShot(0, app.quit)
            app.exec()
            check("self-test passed")
            return 0
        code = app.exec()
        # Stop the window's timers and watchers before the store closes under them.
        window.close()
        window.deleteLater()
        if crash_log is not None:
            crash_log.close_cleanly()
        return code
    finally:
        instance.release()
        close_store()


def _checker(enabled: bool):
    def check(line: str) -> None:
        if enabled:
            print(f"ok: {line}", flush=True)

    return check
