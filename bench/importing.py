"""Import speed: `run(n) -> dict` (row shape in bench/common.py).

- n vCards (netdesk.sample's network, serialised by vobject) imported into a fresh store, beside a bare
  `vobject.readComponents` parse of the same file in the same run (goal ≤ 1.5× the bare parse);
- an n-row LinkedIn Connections.csv imported into a fresh store, beside a bare `csv.reader` pass over the
  same file (goal < 1 s).
The store is created (and migrated) outside the timed part; the import itself includes duplicate checks,
the search index and the reminder re-derivation it triggers, because that is what the user waits for.

`python -m bench.importing [N]` prints the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 3, 10)
REPEATS = 5


def _files(folder: Path, n: int) -> tuple[Path, Path]:
    from netdesk.sample.files import write_linkedin_csv, write_vcard
    from netdesk.sample.generate import generate

    network = generate(n, TODAY)
    return write_vcard(network, folder / "contacts.vcf"), write_linkedin_csv(network, folder / "Connections.csv")


def _bare_vcard(path: Path) -> float:
    import vobject

    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        count = sum(1 for _ in vobject.readComponents(handle))
    elapsed = time.perf_counter() - start
    assert count > 0
    return elapsed


def _bare_csv(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        count = sum(1 for _ in csv.reader(handle))
    elapsed = time.perf_counter() - start
    assert count > 0
    return elapsed


def _import(path: Path, folder: Path, run: int) -> tuple[float, float, int]:
    from netdesk.services import importing
    from netdesk.store.db import close_store, open_store

    open_store(folder / f"store-{path.suffix[1:]}-{run}.sqlite3")
    try:
        start, cpu = time.perf_counter(), time.process_time()
        result = importing.import_files([path], today=TODAY)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        close_store()
    return elapsed, cpu, result.files[0].created


def run(n: int = 10_000) -> dict:
    rows = []
    with tempfile.TemporaryDirectory(prefix="netdesk-bench-import-") as tmp:
        folder = Path(tmp)
        vcf, linkedin = _files(folder, n)
        for name, path, bare, bare_name, goal in (
            ("import vCards", vcf, _bare_vcard, "vobject.readComponents", {"goal": "≤ 1.5× bare parse",
                                                                           "goal_ratio": 1.5}),
            ("import LinkedIn CSV", linkedin, _bare_csv, "csv.reader", {"goal": "< 1 s", "goal_value": 1.0}),
        ):
            samples, cpus, baseline, created = [], [], [], 0
            for i in range(REPEATS):
                baseline.append(bare(path))
                elapsed, cpu, created = _import(path, folder, i)
                samples.append(elapsed)
                cpus.append(cpu)
            # CPU time is noted too: on a shared machine wall time measures the neighbours as much as us.
            rows.append({"name": f"{name} ({n:,})", "unit": "s", "samples": samples, "baseline_name": bare_name,
                         "baseline_samples": baseline, **goal,
                         "note": f"{created:,} contacts created per run; import CPU median "
                                 f"{sorted(cpus)[len(cpus) // 2]:.2f} s"})
    return {"rows": rows}


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), indent=2))
