"""`python -m bench [--quick] [--json FILE] [--only SECTION ...]`: every speed goal, beside its baseline.

The runner builds the sample stores and files once (netdesk.sample), then runs each section. Sections
written as their own modules (derive, importing, calendar) run in a subprocess each, so a crash, a hang
or 1M rows in memory in one of them cannot take the others down; a missing module gives a
"not available" row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from bench import peers, ui
from bench.common import Row, markdown, rows_from, unavailable

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sizes:
    start: int  # contacts for cold start and the peer row
    big: int  # contacts for search and memory
    start_runs: int
    memory_runs: int
    search_runs: int
    peer_reps: int
    warmup: bool
    import_n: int
    derive: tuple[int, int]
    calendar_n: int
    section_timeout: float
    derive_timeout: float  # for the desktop stores' reminders


FULL = Sizes(start=10_000, big=100_000, start_runs=9, memory_runs=3, search_runs=5, peer_reps=2, warmup=True,
             import_n=10_000, derive=(100_000, 1_000_000), calendar_n=10_000, section_timeout=1800,
             derive_timeout=300)
QUICK = Sizes(start=500, big=500, start_runs=1, memory_runs=1, search_runs=2, peer_reps=1, warmup=False,
              import_n=300, derive=(500, 5_000), calendar_n=200, section_timeout=120,
              derive_timeout=60)

# Rows each section module is expected to give, listed as "not available" when it is missing.
SECTIONS = {
    "importing": (("import_n",), ["import vCards", "import LinkedIn CSV"], "exchange"),
    "derive": (("derive",), ["reminder re-derivation"], "etiquette"),
    "calendar": (("calendar_n",), ["full export of the sample network (meetings included)",
                                   "re-export after one change (sample network)",
                                   "feed: conditional GET answered 304 (sample network)"], "calendar"),
    "capture": (("big",), ["capture: scan a 100k-message mbox", "capture: re-scan, nothing new"], "capture"),
}
ORDER = ("desktop", "exchange", "etiquette", "calendar", "peers")


def label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def machine() -> dict:
    """What the figures were measured on."""
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform()}
    try:
        cpu = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpu.splitlines()
                            if line.startswith("model name")), "unknown")
        mem = Path("/proc/meminfo").read_text(encoding="ascii", errors="replace").splitlines()[0]
        info["ram_gb"] = round(int(mem.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["qt"] = f"{qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        info["qt"] = "not installed"
    info["load_avg"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return info


def build_fixtures(sizes: Sizes, workdir: Path, today: dt.date, log, *, big: bool = True,
                   vdir: bool = True) -> dict[str, Path]:
    """The stores and the vdir: the same seeded network in every form (`big`: the search and memory
    store too; `vdir`: the peers' folder of cards)."""
    from netdesk.sample import generate, write_vdir

    paths = {"start": workdir / f"store-{sizes.start}.sqlite3", "vdir": workdir / "vdir"}
    wanted = [(sizes.start, paths["start"])]
    if big and sizes.big != sizes.start:
        paths["big"] = workdir / f"store-{sizes.big}.sqlite3"
        wanted.append((sizes.big, paths["big"]))
    else:
        paths["big"] = paths["start"]
    for size, path in wanted:
        started = time.perf_counter()
        command = [sys.executable, "-m", "bench.run", "--fixture-child", str(size), str(path), today.isoformat()]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=sizes.derive_timeout)
            done = proc.stdout.split()
        except subprocess.TimeoutExpired as exc:
            done = (exc.stdout or b"").decode().split() if isinstance(exc.stdout, bytes) else (exc.stdout or "").split()
        if "written" not in done:
            raise RuntimeError(f"could not build the {label(size)} store")
        FIXTURE_NOTES[path] = "" if "derived" in done else (
            f"reminders not derived: derive() took over {sizes.derive_timeout:.0f} s on this store")
        log(f"fixture: {label(size)} contacts store in {time.perf_counter() - started:.1f} s"
            + ("" if "derived" in done else " (derivation timed out)"))
    if vdir:
        started = time.perf_counter()
        write_vdir(generate(sizes.start, today), paths["vdir"])
        log(f"fixture: vdir of {label(sizes.start)} cards in {time.perf_counter() - started:.1f} s")
    return paths


FIXTURE_NOTES: dict[Path, str] = {}


def fixture_child(size: int, path: Path, today: dt.date) -> None:
    """In a subprocess: write the sample store, then derive its reminders (which the parent may time out)."""
    from netdesk.sample import generate, write_store
    from netdesk.services.reminders import derive
    from netdesk.store.db import close_store, open_store

    open_store(path)
    # Interactions stay at 2 per contact: the window lists contacts, and the 1M-interaction network
    # is the re-derivation row's own fixture.
    write_store(generate(size, today, interactions=size * 2))
    print("written", flush=True)
    derive(today)
    close_store()
    print("derived", flush=True)


def run_section_child(name: str, args: list) -> None:
    """In a subprocess: import bench.<name>, call run(*args) and print its result as JSON."""
    module = importlib.import_module(f"bench.{name}")
    result = module.run(*args)
    print("BENCH-RESULT " + json.dumps(result, default=lambda o: o.__dict__ if hasattr(o, "__dict__") else str(o)))


def section_rows(name: str, sizes: Sizes, log) -> list[Row]:
    attrs, expected, section = SECTIONS[name]
    args: list = []
    for attr in attrs:
        value = getattr(sizes, attr)
        args.extend(value if isinstance(value, tuple) else (value,))
    if importlib.util.find_spec(f"bench.{name}") is None:
        return [unavailable(row, f"bench/{name}.py is not there yet", section=section) for row in expected]
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.run", "--section-child", name, json.dumps(args)],
                              capture_output=True, text=True, timeout=sizes.section_timeout, cwd=ROOT,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    except subprocess.TimeoutExpired:
        return [unavailable(row, f"bench/{name}.py took over {sizes.section_timeout:.0f} s", section=section)
                for row in expected]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    log(f"section {name}: {time.perf_counter() - started:.1f} s")
    if proc.returncode != 0 or not lines:
        reason = (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]
        sys.stderr.write(proc.stderr[-3000:])
        return [unavailable(row, f"bench/{name}.py failed: {reason}", section=section) for row in expected]
    rows = rows_from(json.loads(lines[-1][len("BENCH-RESULT "):]), section)
    return rows or [unavailable(row, f"bench/{name}.py returned no rows", section=section) for row in expected]


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def write_doc(path: Path, text: str) -> None:
    """Put `text` between the bench markers of `path`, leaving the rest of the document alone."""
    from netdesk.exchange.atomic import write_atomic

    doc = path.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    write_atomic(path, (doc[:start] + "\n" + text + "\n" + doc[end:]).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI: checks the bench runs, < 2 min)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows and the machine as JSON")
    parser.add_argument("--doc", type=Path, metavar="FILE",
                        help="replace the table between the bench markers in FILE (docs/performance.md)")
    parser.add_argument("--only", nargs="+", choices=["desktop", "start", *SECTIONS, "peers"],
                        help="run only these sections (start: the desktop's cold start row alone)")
    parser.add_argument("--section-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--fixture-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fixture_child:
        size, path, day = args.fixture_child
        fixture_child(int(size), Path(path), dt.date.fromisoformat(day))
        return 0
    if args.section_child:
        run_section_child(args.section_child[0], json.loads(args.section_child[1]))
        return 0
    if args.doc and BEGIN not in (args.doc.read_text(encoding="utf-8") if args.doc.exists() else ""):
        parser.error(f"{args.doc} has no {BEGIN} marker")
    sizes = QUICK if args.quick else FULL
    only = set(args.only or ["desktop", *SECTIONS, "peers"])

    def log(line: str) -> None:
        print(f"# {line}", file=sys.stderr, flush=True)

    began = time.perf_counter()
    today = dt.date.today()  # the window derives with the clock too, so the stores match what it shows
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="netdesk-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["BENCH_HOME"] = str(workdir / "home")  # children get private XDG folders (common.py)
        if only & {"desktop", "start", "peers"}:
            paths = build_fixtures(sizes, workdir, today, log, big="desktop" in only, vdir="peers" in only)
        if only & {"desktop", "start"}:
            rows += ui.cold_start_rows(paths["start"], sizes.start_runs, label(sizes.start), warmup=sizes.warmup)
            log("cold start done")
        if "start" in only and "desktop" not in only:
            extra = FIXTURE_NOTES.get(paths["start"])
            for row in rows:
                row.note = f"{row.note}; {extra}" if row.note and extra else (row.note or extra)
        if "desktop" in only:
            rows += ui.search_rows(paths["big"], sizes.search_runs, label(sizes.big))
            log("search done")
            rows += ui.memory_rows(paths["big"], sizes.memory_runs, label(sizes.big), warmup=sizes.warmup)
            for row in rows:
                extra = FIXTURE_NOTES.get(paths["big"] if "search" in row.name or "memory" in row.name
                                          else paths["start"])
                if extra:
                    row.note = f"{row.note}; {extra}" if row.note else extra
            log("memory done")
        for name in SECTIONS:
            if name in only:
                try:
                    rows += section_rows(name, sizes, log)
                except Exception as exc:  # a broken section must not hide the others' figures
                    traceback.print_exc()
                    rows += [unavailable(r, f"{type(exc).__name__}: {exc}", section=SECTIONS[name][2])
                             for r in SECTIONS[name][1]]
        if "peers" in only:
            rows += peers.run(paths["start"], paths["vdir"], workdir, reps=sizes.peer_reps,
                              size_label=label(sizes.start))
    rows.sort(key=lambda r: ORDER.index(r.section) if r.section in ORDER else len(ORDER))
    info = machine()
    elapsed = time.perf_counter() - began
    mode = "quick" if args.quick else "full"
    header = (f"netdesk bench ({mode}, {elapsed:.0f} s, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC) on "
              f"{info.get('cpu', '?')}, {info['nproc']} cores, {info.get('ram_gb', '?')} GB RAM, load average "
              f"{info['load_avg']:.1f} at the end; Python {info['python']}, Qt {info['qt']}, SQLite {info['sqlite']}")
    table = markdown(rows)
    print(f"{header}\n\n{table}")
    if args.doc:
        write_doc(args.doc, f"{header}\n\n{table}")
    if args.json:
        args.json.write_text(json.dumps({"mode": mode, "seconds": elapsed, "machine": info, "date": today.isoformat(),
                                         "rows": [r.to_json() for r in rows]}, indent=2, ensure_ascii=False),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
