"""Crash safety: SIGKILL a real netdesk process at random moments, then check the store and the .ics.

After every kill: integrity_check is ok, the store is exactly the state before or the state after the
operation (table signatures), and the .ics on disk is the whole old file or a whole new one.
`NETDESK_CLI` runs a built netdesk instead of `python -m netdesk`.
`NETDESK_CRASH_KILLS` sets the kills per operation (default 9; seven operations, so 63 kills).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.safety import crash

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("NETDESK_CRASH_KILLS", "9"))
BASE_SIZE = 1200  # contacts in the sample network: big enough that each operation takes a second or more
BULK = 200  # contacts added in one transaction by the bulk operation
IMPORTED = 800  # cards in the vCard file that `import` reads (another seed: new people, a few merges)
SEED = 9


@pytest.fixture(scope="module")
def bases(tmp_path_factory) -> dict[str, Path]:
    """A sample network without derived reminders, and the same store derived (with its old .ics)."""
    folder = tmp_path_factory.mktemp("crash-bases")
    raw = folder / "raw.sqlite3"
    subprocess.run(crash.script("build-base", raw, str(BASE_SIZE)), check=True, cwd=crash.ROOT, timeout=300)
    derived = folder / "derived.sqlite3"
    shutil.copyfile(raw, derived)
    subprocess.run(crash.script("derive", derived), check=True, cwd=crash.ROOT, timeout=300)
    merge = folder / "merge.sqlite3"
    shutil.copyfile(raw, merge)
    subprocess.run(crash.script("prepare-merge", merge), check=True, cwd=crash.ROOT, timeout=300)
    vcf = folder / "import.vcf"
    subprocess.run(crash.script("write-vcard", vcf, str(IMPORTED), "77"), check=True, cwd=crash.ROOT, timeout=300)
    backup = folder / "derived-backup.sqlite3"
    subprocess.run(crash.netdesk(derived, "backup", str(backup)), check=True, cwd=crash.ROOT, timeout=300,
                   capture_output=True)
    old_ics = folder / "old.ics"
    subprocess.run(crash.netdesk(derived, "export-ics", str(old_ics), "--todo"), check=True, cwd=crash.ROOT,
                   timeout=300, capture_output=True)
    return {"raw": raw, "derived": derived, "old_ics": old_ics, "merge": merge, "vcf": vcf,
            "backup": backup}


def operations(bases: dict[str, Path]) -> dict[str, crash.Operation]:
    old = bases["old_ics"].read_bytes()
    ops = [
        # Many contacts through the contacts service in ONE transaction (what an import does).
        crash.Operation("bulk-add", lambda db, ics: crash.script("bulk-add", db, str(BULK)), bases["raw"]),
        # The real CLI: record a favour, which re-derives every reminder in the same transaction.
        crash.Operation("favour+derive", lambda db, ics: crash.netdesk(db, "favour", "1", "an introduction"),
                        bases["raw"]),
        # The re-derivation alone, through the reminders service.
        crash.Operation("derive", lambda db, ics: crash.script("derive", db), bases["raw"]),
        # The real CLI: a vCard file of 800 people in one transaction per file.
        crash.Operation("import", lambda db, ics: crash.netdesk(db, "import", str(bases["vcf"])), bases["raw"]),
        # The real CLI: merge a contact holding half of everyone's history into another.
        crash.Operation("merge", lambda db, ics: crash.netdesk(db, "contact", "merge", "1", "2"), bases["merge"]),
        # The real CLI: restore a backup (the derived store) over the live store.
        crash.Operation("restore", lambda db, ics: crash.netdesk(db, "restore", str(bases["backup"])), bases["raw"]),
        # The real CLI replacing an existing .ics (the old one is a VTODO export, the new one VEVENTs).
        crash.Operation("export-ics", lambda db, ics: crash.netdesk(db, "export-ics", str(ics)), bases["derived"],
                        old_ics=old),
    ]
    return {op.name: op for op in ops}


OPERATION_NAMES = ["bulk-add", "favour+derive", "derive", "import", "merge", "restore", "export-ics"]


@pytest.mark.parametrize("name", OPERATION_NAMES)
def test_sigkill_leaves_the_whole_before_or_the_whole_after(bases, tmp_path, name):
    op = operations(bases)[name]
    before = crash.signature(op.base)
    after, duration, new_ics = crash.reference(op, tmp_path / "reference")
    if not name.startswith("export-ics"):
        assert after != before, f"{name} changed nothing, so a kill proves nothing"
    rng = random.Random(f"{SEED}-{name}")
    outcome = crash.Outcome()
    attempts = 0
    while outcome.kills < KILLS and attempts < KILLS * 6:  # a fast machine finishes more runs before the kill
        attempts += 1
        crash.kill_run(op, tmp_path / f"run{attempts}", rng, before, after, duration, new_ics, outcome)
        shutil.rmtree(tmp_path / f"run{attempts}", ignore_errors=True)
    print(f"{name}: {outcome.kills} kills in {attempts} runs (reference {duration:.2f}s); "
          f"before {outcome.before}, after {outcome.after}, finished first {outcome.finished_first}, "
          f"mid-write {outcome.mid_write}, ics old {outcome.ics_old} new {outcome.ics_new}",
          file=sys.stderr)
    assert not outcome.problems, "\n".join(outcome.problems)
    assert outcome.kills >= KILLS
