"""The core never imports Qt (STYLE.md): proved in a fresh interpreter."""

import subprocess
import sys

CORE = [
    "netdesk.cli", "netdesk.domain.rules", "netdesk.store.db", "netdesk.store.models", "netdesk.services.contacts",
    "netdesk.services.recording", "netdesk.services.reminders", "netdesk.services.calendar", "netdesk.exchange.ics",
]


def test_core_modules_do_not_load_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_cli_command_does_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from netdesk.cli import main\n"
        f"rc = main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'contact', 'list'])\n"
        "assert rc == 0\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.endswith("False")
