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
OPEN_ON_CONTACTS = "open-on-contacts"
SETTLE_MS = 300  # after the first paint, let deferred loads land before reading VmRSS
FALLBACK_MS = 20_000  # no filled contact list painted by then: count the window's first full paint
# Typed as a user would: accented, CJK, Cyrillic, an organisation, a role, and a short word.
QUERIES = ("müller", "山田", "Иван", "contoso", "recruiter", "garcía", "sm")
SEARCH_PAUSE_MS = 150  # the search box's debounce (options.SEARCH_DEBOUNCE_MS): queries come no faster
VISIBLE_ROWS = 23  # what the window's 700-px-high table shows at its 30-px row height



def _exit_cleanly() -> None:
    """End a measured child at once, as a clean exit for netdesk: without this the window's crash log stays
    beside the store and the next run on it opens with "netdesk closed unexpectedly" (a modal dialog)."""
    from netdesk.ui import excepthook

    if excepthook._crash_log is not None:
        excepthook._crash_log.close_cleanly()
    os._exit(0)

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


def byte_compile() -> None:
    """Compile netdesk's modules as an installation does (pip compiles on install; the bundle ships .pyc),
    so that no child pays for compiling sources: with PYTHONDONTWRITEBYTECODE set, as on some machines,
    every run would otherwise recompile each module edited since the last compile."""
    import compileall

    import netdesk

    compileall.compile_dir(Path(netdesk.__file__).resolve().parent, quiet=1)


def start_and_memory(db: Path, runs: int, *, warmup: bool = True) -> tuple[list[dict], list[dict]]:
    """Alternate bare and netdesk children `runs` times (after one discarded warm-up of each, so that
    both find the files in the page cache and neither pays for the other's first read)."""
    byte_compile()
    _run_child(OPEN_ON_CONTACTS, db)
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
    names = (f"search keystroke p50 ({size_label})", f"search keystroke p95 ({size_label})",
             f"search keystroke with the list repainted, p95 ({size_label})")
    byte_compile()
    try:
        env = env_for_child()
        proc = subprocess.run([sys.executable, "-m", "bench.ui", "child", "search", str(db), str(runs)],
                              capture_output=True, text=True, env=env, timeout=900,
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
    slowest = ", ".join(f"'{prefix}' {seconds * 1000:.1f} ms" for seconds, prefix in by_prefix[:3])
    keystrokes = len(result["netdesk"][0])
    rest = [t for run in result["rest"] for t in run]
    rest_note = (f"; the rest of the list arrived from the background reader p50 {percentile(rest, 50) * 1000:.0f} ms,"
                 f" p95 {percentile(rest, 95) * 1000:.0f} ms after the keystroke ({len(rest)} of"
                 f" {keystrokes * runs} keystrokes needed it)" if rest else "")
    appended = result["appended"]
    append_note = (f"; the GUI thread's share of appending it p95 {percentile(appended, 95) * 1000:.1f} ms"
                   if appended else "")
    out = []
    for name, pct in zip(names[:2], (50, 95), strict=True):
        out.append(Row(
            name=name,
            samples=[percentile(run, pct) for run in result["netdesk"]],
            baseline_name="SELECT id … WHERE search_text LIKE ?",
            baseline_samples=[percentile(run, pct) for run in result["baseline"]],
            goal="p95 ≤ 16 ms" if pct == 95 else "–",
            goal_value=0.016 if pct == 95 else None,
            note=(f"ContactsModel.set_search (query and model reset) + every visible cell read for the roles a"
                  f" delegate asks ({VISIBLE_ROWS} rows); {keystrokes} keystrokes/run"
                  + (f"; slowest keystrokes: {slowest}{rest_note}{append_note}" if pct == 95 else "")),
            section="desktop",
        ))
    out.append(Row(
        name=names[2],
        samples=[percentile(run, 95) for run in result["painted"]],
        baseline_name="bare QTableView: reset to the same rows + repaint",
        baseline_samples=[percentile(run, 95) for run in result["bare_painted"]],
        goal="–",
        note=("the row above plus QTableView.viewport().repaint() (synchronous; offscreen raster), in a table"
              " set up as the window's; the bare table holds the same rows as ready strings"),
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

        listed = describe_rows()  # first: memory is read with the whole list in
        print(json.dumps({**state, "rss_mb": rss_mb(), "peak_mb": rss_mb(field="VmHWM"), "rows": listed}), flush=True)
        _exit_cleanly()  # no teardown: the figure is taken, and closing 100k rows is not what we measure

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

    Run once in a child of its own before the measured ones, with the same private XDG_CONFIG_HOME
    (the runner's temporary folder, so this never touches real settings): a user's choice is already
    on disk when netdesk starts, and writing it is not part of the start being measured.
    """
    from PySide6.QtCore import QCoreApplication

    from netdesk import APP_NAME, ORG_NAME
    from netdesk.ui import options

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    options.START_SECTION.set("contacts")
    print(json.dumps({"start_section": options.START_SECTION.get()}), flush=True)


def _child_netdesk(db: str) -> None:
    """Start netdesk as its `netdesk` command does (netdesk.cli imported, then app.main), watching for
    the first paint from the moment the QApplication exists."""
    import netdesk.cli  # noqa: F401  (the console script imports it before anything else)
    from netdesk.app import main

    def started(app) -> None:
        from PySide6.QtWidgets import QTableView

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
                    model.ensure_complete()  # the figure reports the whole list
                    return model.rowCount()
            return -1

        _paint_watch(app, is_list_viewport, rows)

    main(db_path=Path(db), argv=[sys.argv[0]], on_started=started)
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
    """Per-keystroke times of the real ContactsModel, and of a bare LIKE query, on the same store.

    A keystroke is `set_search` (first ids, model reset) plus reading every visible cell for the roles
    a delegate asks when painting: the model's whole share of showing the result. Then the table is
    repainted synchronously and timed apart, beside a bare QTableView reset to the same rows, so the
    cost of Qt's painting is visible without hiding the model's. The rest of the list then arrives from
    the background reader; the time until it is in, and the GUI thread's share of appending it, are
    recorded too. Keystrokes come at most once per SEARCH_PAUSE_MS (the search box's debounce: no query
    runs sooner after the previous one), and typing starts once the window has settled (first list
    complete, search vocabulary read), as a user's first keystroke comes seconds after the window opens.
    """
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from netdesk.domain.text import fold
    from netdesk.store.db import open_store
    from netdesk.ui.contacts_model import AVATAR_SIZE, COLUMNS, ContactsModel
    from netdesk.ui.contacts_view import ROW_HEIGHT

    app = QApplication.instance() or QApplication([sys.argv[0]])
    open_store(Path(db), create=False)

    class TimedModel(ContactsModel):
        appended: list[float] = []

        def _append_rest(self, key, ids) -> None:
            start = time.perf_counter()
            super()._append_rest(key, ids)
            self.appended.append(time.perf_counter() - start)

    class BareModel(QAbstractTableModel):
        rows: list[tuple] = []

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
            return 0 if parent.isValid() else len(COLUMNS)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and index.isValid():
                return self.rows[index.row()][index.column()]
            return None

    def table(model) -> QTableView:
        # Set up as ContactsView sets up its table.
        view = QTableView()
        view.setModel(model)
        view.setIconSize(QSize(AVATAR_SIZE, AVATAR_SIZE))
        view.setWordWrap(False)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        view.horizontalHeader().setStretchLastSection(True)
        view.resize(1100, 700)
        view.show()
        return view

    model = TimedModel()
    view = table(model)
    bare_model = BareModel()
    bare_view = table(bare_model)
    delegate_roles = [Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                      Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.DisplayRole,
                      Qt.ItemDataRole.BackgroundRole]

    def settle(until: float) -> None:
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.001)

    def settle_fully() -> None:
        deadline = time.perf_counter() + 60
        model.reader.current_vocabulary()  # asks for it if the store changed
        while (not model.complete or model.reader.loading()) and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.002)

    model.refresh()
    settle_fully()
    conn = sqlite3.connect(db)
    netdesk_runs, baseline_runs, rest_runs, painted_runs, bare_runs = [], [], [], [], []
    for _ in range(runs):
        nd, base, rest, painted, bare = [], [], [], [], []
        model.set_search("")
        model.refresh()  # each run starts with no cached rows or results, as after a write
        settle_fully()
        for query in QUERIES:
            model.set_search("")
            settle_fully()
            for i in range(1, len(query) + 1):
                start = time.perf_counter()
                model.set_search(query[:i])
                needed_rest = not model.complete
                for row in range(min(VISIBLE_ROWS, model.rowCount())):
                    for col in range(len(COLUMNS)):
                        index = model.index(row, col)
                        for role in delegate_roles:
                            model.data(index, role)
                nd.append(time.perf_counter() - start)
                view.viewport().repaint()
                painted.append(time.perf_counter() - start)
                shown = [tuple(model.index(r, c).data() for c in range(len(COLUMNS)))
                         for r in range(min(VISIBLE_ROWS, model.rowCount()))]
                start_bare = time.perf_counter()
                bare_model.beginResetModel()
                bare_model.rows = shown
                bare_model.endResetModel()
                bare_view.viewport().repaint()
                bare.append(time.perf_counter() - start_bare)
                # The rest of the list, if any, until it is in or the next keystroke's query is due.
                next_due = start + SEARCH_PAUSE_MS / 1000
                while not model.complete and time.perf_counter() < next_due:
                    app.processEvents()
                    time.sleep(0.0005)
                if needed_rest and model.complete:
                    rest.append(time.perf_counter() - start)
                settle(next_due)
        # The baseline after the run's typing, with the background reader idle, so neither disturbs the other.
        settle_fully()
        for prefix in (query[:i] for query in QUERIES for i in range(1, len(query) + 1)):
            start = time.perf_counter()
            conn.execute("SELECT id FROM contact WHERE search_text LIKE ?", (f"%{fold(prefix)}%",)).fetchall()
            base.append(time.perf_counter() - start)
        for bucket, values in ((netdesk_runs, nd), (baseline_runs, base), (rest_runs, rest), (painted_runs, painted),
                               (bare_runs, bare)):
            bucket.append(values)
    prefixes = [query[:i] for query in QUERIES for i in range(1, len(query) + 1)]
    print(json.dumps({"netdesk": netdesk_runs, "baseline": baseline_runs, "prefixes": prefixes, "rest": rest_runs,
                      "appended": model.appended, "painted": painted_runs, "bare_painted": bare_runs}), flush=True)
    _exit_cleanly()  # no teardown: closing 100k rows is not what we measure


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "child":
        mode, db = argv[1], argv[2]
        if mode == NETDESK:
            _child_netdesk(db)
        elif mode == BARE:
            _child_bare(db)
        elif mode == OPEN_ON_CONTACTS:
            _open_on_contacts()
        elif mode == "search":
            _child_search(db, int(argv[3]) if len(argv) > 3 else 3)
        return
    raise SystemExit("usage: python -m bench.ui child netdesk|bare|search|open-on-contacts DB [RUNS]")


if __name__ == "__main__":
    main(sys.argv[1:])
