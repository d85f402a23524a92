"""Desktop rows: cold start to the first painted contact list, search keystrokes, resident memory.

Each measurement runs in a fresh subprocess (`python -m bench.ui child ...`), so imports, Qt start-up and
the store's page cache count as a user would feel them. The parent passes its clock in BENCH_T0 just
before starting the child; the child reports `time.time() - BENCH_T0` when its first paint pass ends.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Row, env_for_child, percentile, unavailable

BARE = "bare"
NETDESK = "netdesk"
SETTLE_MS = 300  # after the first paint, let deferred loads land before reading VmRSS
FALLBACK_MS = 20_000  # no filled contact list painted by then: count the window's first full paint
# Typed as a user would: accented, CJK, Cyrillic, an organisation, a role, and a short word.
QUERIES = ("müller", "山田", "Иван", "contoso", "recruiter", "garcía", "sm")
VISIBLE_ROWS = 30  # about what a 700-px-high table shows


def _last_line(stderr: str) -> str:
    """The exception line of a child's traceback (Qt's offscreen chatter is skipped)."""
    lines = [line for line in stderr.strip().splitlines() if "This plugin does not support" not in line]
    return lines[-1][:300] if lines else "no output"


def _run_child(mode: str, db: Path, timeout: float = 120) -> dict:
    env = env_for_child(BENCH_T0=repr(time.time()))
    proc = subprocess.run([sys.executable, "-m", "bench.ui", "child", mode, str(db)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=Path(__file__).resolve().parents[1])
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} child failed (exit {proc.returncode}): {_last_line(proc.stderr)}")
    return json.loads(lines[-1])


def start_and_memory(db: Path, runs: int, *, warmup: bool = True) -> tuple[list[dict], list[dict]]:
    """Alternate bare and netdesk children `runs` times (after one discarded warm-up of each, so that
    both find the files in the page cache and neither pays for the other's first read)."""
    bare, nd = [], []
    if warmup:
        _run_child(BARE, db)
        _run_child(NETDESK, db)
    for _ in range(runs):
        bare.append(_run_child(BARE, db))
        nd.append(_run_child(NETDESK, db))
    return bare, nd


def cold_start_rows(db: Path, runs: int, size_label: str, *, warmup: bool = True) -> list[Row]:
    name = f"cold start to first painted contact list ({size_label})"
    try:
        bare, nd = start_and_memory(db, runs, warmup=warmup)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return [unavailable(name, str(exc), "≤ 1.3× bare window", "desktop")]
    how = {r["how"] for r in nd}
    rows = {r["rows"] for r in nd}
    note = f"{'/'.join(sorted(how))}; {'/'.join(str(r) for r in sorted(rows))} rows listed"
    return [Row(name=name, samples=[r["painted"] for r in nd], baseline_name="bare PySide6 QTableView window",
                baseline_samples=[r["painted"] for r in bare], goal="≤ 1.3× bare window", goal_ratio=1.3,
                note=note, section="desktop")]


def memory_rows(db: Path, runs: int, size_label: str, *, warmup: bool = True) -> list[Row]:
    name = f"resident memory, contacts listed ({size_label})"
    try:
        bare, nd = start_and_memory(db, runs, warmup=warmup)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return [unavailable(name, str(exc), "≤ 250 MB", "desktop")]
    rows = {r["rows"] for r in nd}
    return [Row(name=name, samples=[r["rss_mb"] for r in nd], unit="MB",
                baseline_name="bare PySide6 window, same rows in a plain model",
                baseline_samples=[r["rss_mb"] for r in bare], goal="≤ 250 MB", goal_value=250,
                note=(f"VmRSS {SETTLE_MS} ms after first paint (peak VmHWM median "
                      f"{statistics.median(r['peak_mb'] for r in nd):.0f} MB, bare "
                      f"{statistics.median(r['peak_mb'] for r in bare):.0f} MB); "
                      f"{'/'.join(str(r) for r in sorted(rows))} rows"),
                section="desktop")]


def search_rows(db: Path, runs: int, size_label: str) -> list[Row]:
    names = (f"search keystroke p50 ({size_label})", f"search keystroke p95 ({size_label})")
    try:
        env = env_for_child()
        proc = subprocess.run([sys.executable, "-m", "bench.ui", "child", "search", str(db), str(runs)],
                              capture_output=True, text=True, env=env, timeout=600,
                              cwd=Path(__file__).resolve().parents[1])
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"search child failed (exit {proc.returncode}): {_last_line(proc.stderr)}")
        result = json.loads(lines[-1])
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return [unavailable(n, str(exc), "p95 ≤ 16 ms", "desktop") for n in names]
    # Which keystrokes cost most (median over runs): where to look when p95 misses its goal.
    by_prefix = sorted(zip((statistics.median(t) for t in zip(*result["netdesk"], strict=True)),
                           result["prefixes"], strict=True), reverse=True)
    slowest = ", ".join(f"'{prefix}' {seconds * 1000:.0f} ms" for seconds, prefix in by_prefix[:3])
    out = []
    for name, pct in zip(names, (50, 95), strict=True):
        out.append(Row(
            name=name,
            samples=[percentile(run, pct) for run in result["netdesk"]],
            baseline_name="SELECT id … WHERE search_text LIKE ?",
            baseline_samples=[percentile(run, pct) for run in result["baseline"]],
            goal="p95 ≤ 16 ms" if pct == 95 else "–",
            goal_value=0.016 if pct == 95 else None,
            note=(f"ContactsModel.set_search + {VISIBLE_ROWS} rows fetched; {len(result['netdesk'][0])} keystrokes/run"
                  + (f"; slowest keystrokes: {slowest}" if pct == 95 else "")),
            section="desktop",
        ))
    return out


# -- children -------------------------------------------------------------------------------------

def _paint_watch(app, is_list_viewport, describe_rows) -> None:
    """Report when the first paint pass that includes the filled contact list has finished.

    A list that is filled after the window first paints (deferred loading) is waited for; if none is
    painted within FALLBACK_MS of the first paint, the window is grabbed and that counts instead.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    t0 = float(os.environ["BENCH_T0"])
    state: dict = {}

    def report() -> None:
        from bench.common import rss_mb

        print(json.dumps({**state, "rss_mb": rss_mb(), "peak_mb": rss_mb(field="VmHWM"), "rows": describe_rows()}),
              flush=True)
        os._exit(0)  # no teardown: the figure is taken, and closing 100k rows is not what we measure

    def finish(how: str) -> None:
        if "painted" in state:
            return
        if how == "window grab":
            for window in app.topLevelWidgets():
                if window.isVisible():
                    window.grab()
        state["how"] = how
        state["painted"] = time.time() - t0
        QTimer.singleShot(SETTLE_MS, report)

    class Watch(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802  (Qt override)
            if event.type() == QEvent.Type.Paint:
                if not state.get("first"):
                    state["first"] = True
                    QTimer.singleShot(FALLBACK_MS, lambda: finish("window grab"))
                if not state.get("table") and is_list_viewport(obj):
                    state["table"] = True
                    QTimer.singleShot(0, lambda: finish("list viewport paint"))  # after the whole paint pass
            return False

    watch = Watch(app)
    app.installEventFilter(watch)


def _open_on_contacts() -> None:
    """Make the window start on its Contacts view, as a user who picked it in preferences would.

    The runner points XDG_CONFIG_HOME at a temporary folder, so this never touches real settings.
    """
    from PySide6.QtCore import QCoreApplication

    from netdesk import APP_NAME, ORG_NAME

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    try:
        from netdesk.ui import options
    except ImportError:
        return
    start = getattr(options, "START_SECTION", None)
    if start is not None:
        start.set("contacts")


def _child_netdesk(db: str) -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from netdesk.ui.contacts_model import ContactsModel

    def source(model):
        while model is not None and hasattr(model, "sourceModel"):
            model = model.sourceModel()
        return model

    def is_list_viewport(obj) -> bool:
        view = obj.parent()
        return (isinstance(view, QTableView) and view.viewport() is obj
                and isinstance(source(view.model()), ContactsModel) and view.model().rowCount() > 0)

    def rows() -> int:
        for window in app.topLevelWidgets():
            model = getattr(window, "contacts_model", None)
            if model is not None:
                return model.rowCount()
        return -1

    _open_on_contacts()
    _paint_watch(app, is_list_viewport, rows)
    from netdesk.app import main

    main(db_path=Path(db), argv=[sys.argv[0]])
    raise SystemExit("the app exited before painting")


def _child_bare(db: str) -> None:
    """The floor: a QMainWindow whose only widget is a QTableView over the same rows in a plain model."""
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication([sys.argv[0]])
    with sqlite3.connect(db) as conn:
        data = conn.execute("SELECT name, organisation, last_contacted, next_due, strength FROM contact"
                            " ORDER BY sort_name, id").fetchall()

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
            return 0 if parent.isValid() else len(data)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
            return 0 if parent.isValid() else 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and index.isValid():
                return data[index.row()][index.column()]
            return None

    window = QMainWindow()
    view = QTableView()
    model = Model(view)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1100, 700)
    _paint_watch(app, lambda obj: obj is view.viewport(), model.rowCount)
    window.show()
    app.exec()


def _child_search(db: str, runs: int) -> None:
    """Per-keystroke times of the real ContactsModel and of a bare LIKE query, on the same store."""
    import sqlite3

    from PySide6.QtWidgets import QApplication

    from netdesk.domain.text import fold
    from netdesk.store.db import open_store
    from netdesk.ui.contacts_model import COLUMNS, ContactsModel

    QApplication.instance() or QApplication([sys.argv[0]])
    open_store(Path(db), create=False)
    model = ContactsModel()
    model.refresh()
    conn = sqlite3.connect(db)
    netdesk_runs, baseline_runs = [], []
    for _ in range(runs):
        nd, base = [], []
        model.set_search("")
        model.refresh()  # each run starts with no cached rows or results, as after a write
        for query in QUERIES:
            model.set_search("")
            for i in range(1, len(query) + 1):
                start = time.perf_counter()
                model.set_search(query[:i])
                for row in range(min(VISIBLE_ROWS, model.rowCount())):
                    for col in range(len(COLUMNS)):
                        model.data(model.index(row, col))
                nd.append(time.perf_counter() - start)
                start = time.perf_counter()
                conn.execute("SELECT id FROM contact WHERE search_text LIKE ?", (f"%{fold(query[:i])}%",)).fetchall()
                base.append(time.perf_counter() - start)
        netdesk_runs.append(nd)
        baseline_runs.append(base)
    prefixes = [query[:i] for query in QUERIES for i in range(1, len(query) + 1)]
    print(json.dumps({"netdesk": netdesk_runs, "baseline": baseline_runs, "prefixes": prefixes}), flush=True)


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "child":
        mode, db = argv[1], argv[2]
        if mode == NETDESK:
            _child_netdesk(db)
        elif mode == BARE:
            _child_bare(db)
        elif mode == "search":
            _child_search(db, int(argv[3]) if len(argv) > 3 else 3)
        return
    raise SystemExit("usage: python -m bench.ui child netdesk|bare|search DB [RUNS]")


if __name__ == "__main__":
    main(sys.argv[1:])
