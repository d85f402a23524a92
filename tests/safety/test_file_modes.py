"""Every file netdesk writes with people's data in it is readable by its owner only (0600), under the
usual umask (0022), made by the real CLI commands; and every write in netdesk/ goes through the writers
that make it so."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import run_netdesk
from tests.safety.test_privacy import mode as _mode
from tests.safety.test_privacy import usual_umask  # noqa: F401  (the fixture)

NETDESK = Path(__file__).resolve().parents[2] / "netdesk"
# The only modules that may create files themselves: the atomic writer, the store and its backups (which
# make them 0600 before SQLite writes), and the bench's sample files (invented people, thousands of
# small files that an fsync each would slow down), and the window's crash log (made 0600, then held open
# so faulthandler can write into it from a fatal signal, which a write-then-replace cannot serve).
WRITERS = {"exchange/atomic.py", "store/backup.py", "store/db.py", "sample/files.py", "ui/excepthook.py"}
RAW_WRITE = re.compile(r"open\([^)]*['\"][wax]b?\+?['\"]|\.write_text\(|\.write_bytes\(|NamedTemporaryFile|mkstemp"
                       r"|shutil\.copy|os\.open\(")


@pytest.mark.usefixtures("usual_umask")
def test_every_export_and_backup_the_cli_writes_is_private(tmp_path: Path):
    db = tmp_path / "netdesk.sqlite3"

    def ok(*args: str) -> None:
        done = run_netdesk(*args, db=db, env={"TZ": "Europe/Berlin"})
        assert done.returncode == 0, (args, done.stderr)

    ok("contact", "add", "Ada Lovelace", "--email", "ada@example.org", "--how-met", "a private story")
    ok("meeting", "add", "Ada Lovelace", "--at", "2026-07-01T10:00", "--purpose", "engines")
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "calendar.ics"
    stale.write_bytes(b"an older export, readable by everyone")
    os.chmod(stale, 0o644)
    ok("export-ics", str(stale))  # replacing a 0644 file leaves a 0600 one
    ok("export-ics", str(out / "private.ics"), "--with-notes")
    ok("export-ics", str(out / "todo.ics"), "--todo")
    for fmt, name in (("vcard", "all.vcf"), ("csv", "all.csv"), ("json", "all.json")):
        ok("export", str(out / name), "--format", fmt)
    ok("backup", str(out / "copy.sqlite3"))
    ok("backup")
    written = [*out.iterdir(), *(tmp_path / "backups").iterdir()]
    assert len(written) >= 8
    assert {path.name: oct(_mode(path)) for path in written} == {path.name: oct(0o600) for path in written}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_no_module_writes_a_file_except_through_the_private_writers():
    found = []
    for path in sorted(NETDESK.rglob("*.py")):
        name = path.relative_to(NETDESK).as_posix()
        if name in WRITERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # /dev/null holds nothing (the CLI points stdout there when its reader has gone).
            if RAW_WRITE.search(line) and "os.devnull" not in line:
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "write through netdesk.exchange.atomic.write_atomic instead:\n" + "\n".join(found)
