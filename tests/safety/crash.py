"""The crash harness's tools: run a real netdesk process, SIGKILL it at a random moment, and judge the wreck.

A store's *signature* is, per table, its row count and a hash of its rows without the columns that
hold wall-clock stamps (`*_at`, and the calendar cache's bodies and variants, which carry export times),
so the signature after a complete reference run equals the signature
after any other complete run of the same operation.
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import icalendar

ROOT = Path(__file__).resolve().parents[2]
OPS = Path(__file__).resolve().parent / "crash_ops.py"

Signature = tuple[tuple[str, int, str], ...]
STAMPED = {("ics_component", "body"), ("ics_component", "variant")}


def netdesk(db: Path, *args: str) -> list[str]:
    """The CLI command line: `python -m netdesk`, or the built app named by `$NETDESK_CLI` (e.g. the
    PyInstaller bundle's `dist/netdesk/netdesk`), so the same harness can kill what users run."""
    built = os.environ.get("NETDESK_CLI")
    prefix = shlex.split(built) if built else [sys.executable, "-m", "netdesk"]
    return [*prefix, "--db", str(db), *args]


def script(verb: str, db: Path, *args: str) -> list[str]:
    return [sys.executable, str(OPS), verb, str(db), *args]


def integrity(db: Path) -> str:
    # A plain read-write connection: opening it recovers the WAL left by the killed process, as netdesk would.
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def signature(db: Path) -> Signature:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        result = []
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                       # UIDs are made fresh (uuid4) by every run of the same write, and reminders' from them
                       if not r[1].endswith("_at") and (table, r[1]) not in STAMPED
                       and r[1] != "uid" and not r[1].endswith("_uid")]
            digest = hashlib.sha256()
            count = 0
            listed = ", ".join(f'"{c}"' for c in columns)
            # The last import's undo record holds the time it was made, which every run differs in.
            where = " WHERE key != 'import.last'" if table == "setting" else ""
            for row in conn.execute(f'SELECT {listed} FROM "{table}"{where} ORDER BY {listed}'):
                digest.update(repr(row).encode())
                count += 1
            result.append((table, count, digest.hexdigest()[:16]))
        return tuple(result)
    finally:
        conn.close()


def describe(sig: Signature) -> dict[str, int]:
    return {table: count for table, count, _ in sig}


@dataclass
class Operation:
    """One thing to kill: a command line built for a store and an .ics path, and a prepared store to run it on."""

    name: str
    command: Callable[[Path, Path], list[str]]
    base: Path  # the store before; copied for every run
    old_ics: bytes | None = None  # an .ics present before the run (export-ics only)


@dataclass
class Outcome:
    kills: int = 0
    before: int = 0
    after: int = 0
    finished_first: int = 0
    mid_write: int = 0  # kills that found a non-empty -wal or a temporary .ics: the write was under way
    ics_old: int = 0
    ics_new: int = 0
    finished_within: float | None = None  # the shortest delay by which a run had already finished
    problems: list[str] = field(default_factory=list)


def _prepare(op: Operation, workdir: Path) -> tuple[Path, Path]:
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    db = workdir / "netdesk.sqlite3"
    shutil.copyfile(op.base, db)
    os.chmod(db, 0o600)
    ics = workdir / "out.ics"
    if op.old_ics is not None:
        ics.write_bytes(op.old_ics)
    return db, ics


def reference(op: Operation, workdir: Path) -> tuple[Signature, float, bytes | None]:
    """Run the operation to its end once: the after-signature, how long it took, and the .ics it wrote."""
    db, ics = _prepare(op, workdir)
    started = time.monotonic()
    done = subprocess.run(op.command(db, ics), capture_output=True, text=True, cwd=ROOT, timeout=300)
    took = time.monotonic() - started
    if done.returncode != 0:
        raise AssertionError(f"{op.name}: the uninterrupted run failed ({done.returncode}): {done.stderr[-2000:]}")
    return signature(db), took, ics.read_bytes() if ics.exists() else None


@functools.lru_cache(maxsize=4)
def _component_names(data: bytes) -> tuple[str, ...]:
    return tuple(c.name for c in icalendar.Calendar.from_ical(data).walk())


def ics_problem(data: bytes, old: bytes | None, new: bytes | None) -> str | None:
    """None when `data` is the whole old file or a whole new one (parses, same components as the reference)."""
    if old is not None and data == old:
        return None
    try:
        parsed = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # any parse failure is exactly what we are looking for
        return f"the .ics does not parse: {exc!r}"
    if not data.rstrip().endswith(b"END:VCALENDAR"):
        return "the .ics is cut short"
    if new is not None:
        if [c.name for c in parsed.walk()] != list(_component_names(new)):
            return "the .ics is neither the old file nor the whole new one"
    return None


def kill_run(op: Operation, workdir: Path, rng: random.Random, before: Signature, after: Signature,
             duration: float, new_ics: bytes | None, outcome: Outcome) -> None:
    """One run killed with SIGKILL at a random moment, then judged."""
    db, ics = _prepare(op, workdir)
    # Half the kills anywhere in the run; half near its end, where the commit, the fsync and the rename are.
    duration = min(duration, outcome.finished_within or duration)
    if rng.random() < 0.5:
        delay = rng.uniform(0.1, max(duration * 0.9, 0.3))
    else:
        delay = rng.uniform(duration * 0.75, duration * 1.05)
    proc = subprocess.Popen(op.command(db, ics), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        outcome.kills += 1
        wal = Path(f"{db}-wal")
        if (wal.exists() and wal.stat().st_size > 0) or any(workdir.glob(".out.ics.*")):
            outcome.mid_write += 1
    else:
        outcome.finished_first += 1
        # The run was quicker than the reference (a warm cache, a quieter machine): aim earlier next time.
        outcome.finished_within = min(outcome.finished_within or delay, delay)
    proc.wait(timeout=60)
    if proc.stderr is not None:
        proc.stderr.close()
    label = f"{op.name} killed after {delay:.2f}s"
    ok = integrity(db)
    if ok != "ok":
        outcome.problems.append(f"{label}: integrity_check says {ok}")
        return
    now = signature(db)
    if now == before:
        outcome.before += 1
    elif now == after:
        outcome.after += 1
    else:
        changed = {t: (describe(before).get(t), c) for t, c in describe(now).items() if describe(before).get(t) != c}
        outcome.problems.append(f"{label}: the store is neither before nor after: {changed}")
    if op.old_ics is not None or new_ics is not None:
        if ics.exists():
            data = ics.read_bytes()
            problem = ics_problem(data, op.old_ics, new_ics)
            if problem:
                outcome.problems.append(f"{label}: {problem}")
            elif data == op.old_ics:
                outcome.ics_old += 1
            else:
                outcome.ics_new += 1
        elif op.old_ics is not None:
            outcome.problems.append(f"{label}: the old .ics vanished")
