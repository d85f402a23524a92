"""The peer row: `netdesk contact list --search Q` against `khard list Q`, on the same contacts.

khard reads a vdir (one .vcf per contact) and parses every card on each run; netdesk reads its store.
Both are the programs a user would type, started afresh for every query, so the figure is wall time
per query including interpreter start-up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Row, env_for_child, unavailable

QUERIES = ("müller", "tanaka", "contoso", "Иван")
GOAL = "faster than khard"


def khard_command() -> list[str] | None:
    beside = Path(sys.executable).parent / "khard"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("khard")
    return [found] if found else None


def _wall(command: list[str], env: dict | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} … exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return elapsed, len([line for line in proc.stdout.splitlines() if line.strip()])


def run(store: Path, vdir: Path, workdir: Path, *, reps: int, size_label: str) -> list[Row]:
    name = f"peer: contact search per query ({size_label}), netdesk CLI vs khard"
    khard = khard_command()
    if khard is None:
        return [unavailable(name, "khard is not installed", GOAL, "peers")]
    config = workdir / "khard.conf"
    # A throw-away config: khard never sees the user's own address books.
    config.write_text(f"[addressbooks]\n[[bench]]\npath = {vdir}\n", encoding="utf-8")
    env = env_for_child(NETDESK_DB=str(store))
    nd_times, kh_times, notes = [], [], []
    try:
        for query in QUERIES:
            for _ in range(reps):
                elapsed, nd_lines = _wall([sys.executable, "-m", "netdesk", "contact", "list", "--search", query], env)
                nd_times.append(elapsed)
                elapsed, kh_lines = _wall([*khard, "-c", str(config), "list", query])
                kh_times.append(elapsed)
            notes.append(f"{query}: {nd_lines}/{max(kh_lines - 2, 0)}")  # khard prints two header lines
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return [unavailable(name, str(exc), GOAL, "peers")]
    return [Row(name=name, samples=nd_times, baseline_name="khard list Q (same contacts as a vdir)",
                baseline_samples=kh_times, goal=GOAL, goal_ratio=1.0,
                note="hits netdesk/khard: " + ", ".join(notes), section="peers")]
