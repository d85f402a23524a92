"""A crash of any kind leaves a message for the next start (issue 19 item 19): the real app in a subprocess."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# The real window, killed by a fatal signal after it painted (what a crash in Qt's C++ does).
_CRASHING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from netdesk import app
    from netdesk.ui import options
    options.use_file(Path(sys.argv[2]))
    app.main(db_path=Path(sys.argv[1]),
             on_started=lambda _app: QTimer.singleShot(1500, lambda: os.kill(os.getpid(), signal.SIGSEGV)))
""")


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.slow
def test_a_segfault_is_reported_at_the_next_start_once(tmp_path: Path):
    db = tmp_path / "netdesk.sqlite3"
    done = _run(_CRASHING, str(db), str(tmp_path / "options.ini"))
    assert done.returncode == -signal.SIGSEGV
    log = tmp_path / "netdesk.sqlite3.crash-log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "Fatal Python error: Segmentation fault" in log.read_text()

    # The next start shows it once (the dialog is recorded instead of shown), then a clean exit forgets it.
    shown = _run(textwrap.dedent("""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from netdesk import app
        from netdesk.ui import excepthook, options
        options.use_file(Path(sys.argv[2]))
        def show(parent, text):
            print("SHOWN", excepthook.CRASH_TITLE, "|", text.splitlines()[0])
            QTimer.singleShot(0, QApplication.quit)
        excepthook.show_previous_crash = show
        started = lambda _app: QTimer.singleShot(20000, QApplication.quit)  # a bound if nothing is shown
        print("rc", app.main(db_path=Path(sys.argv[1]), on_started=started))
    """), str(db), str(tmp_path / "options.ini"))
    assert "SHOWN netdesk closed unexpectedly last time | Fatal Python error: Segmentation fault" in shown.stdout, shown.stderr
    assert "rc 0" in shown.stdout
    assert not log.exists()  # once: a clean exit removes it


def test_a_clean_run_leaves_no_report(tmp_path: Path, qapp):
    from netdesk.ui.excepthook import CrashLog

    log = CrashLog(tmp_path / "n.sqlite3")
    assert log.previous is None and log.path.exists()
    log.write("Traceback: something\n")
    assert log.path.read_text() == "Traceback: something\n"  # what the next start reads if this one dies now
    log.close_cleanly()
    assert not log.path.exists()
    fresh = CrashLog(tmp_path / "n.sqlite3")
    assert fresh.previous is None
    fresh.close_cleanly()
