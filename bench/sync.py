"""CalDAV sync (issue 15) against a real Radicale on 127.0.0.1, beside vdirsyncer, in the same run.

`python -m bench.sync [CONTACTS] [REPEAT]` prints the rows (default: 200 contacts, what File ▸ Load a sample
network makes). Each repetition starts a fresh Radicale (temporary folder, htpasswd user, free port) and a
fresh store with the sample network, then measures, each as a command a user would run:

- netdesk's first push: `netdesk sync` uploading every reminder and meeting (the account added before);
- vdirsyncer's first sync of the very same .ics items (one file each, the bytes netdesk PUTs) from a
  folder to a second calendar on the same server: `vdirsyncer sync` (after its `discover`);
- a sync with nothing changed, both tools, and netdesk's requests counted (the aim: one REPORT);
- netdesk's sync after one change (a snoozed reminder; the aim: one PUT plus one REPORT).

The no-change row also says how much of it is rendering every object (the push compares each object's
bytes with what the server holds, since a renamed contact or a new alarm time changes objects that the
outbox does not name).

Both tools run as processes, so both pay their start-up; the in-process figures of netdesk's no-change
and one-change syncs are given too, and the window's own Sync now (SyncController on its worker thread,
from sync_now() to the `synced` signal), which is what the window's background sync costs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import markdown

USER, PASSWORD = "bench", "bench-pass-1"
TODAY = dt.date(2026, 3, 10)
ROOT = Path(__file__).resolve().parents[1]
VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def radicale(folder: Path):
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        f"htpasswd_encryption = plain\n[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n", encoding="utf-8")
    with (folder / "radicale.log").open("ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(folder / "config")],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(10)


def timed_run(command: list[str], env: dict, stdin: str | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}… failed: {done.stderr[-2000:]}")
    return elapsed


class Counted:
    """Counts the HTTP requests caldav sends, by method (for the no-change and one-change rows)."""

    def __init__(self) -> None:
        import caldav

        self.by_method: dict[str, int] = {}
        self._original = caldav.DAVClient.request
        counter = self

        def request(client, url, method="GET", *args, **kwargs):
            counter.by_method[method] = counter.by_method.get(method, 0) + 1
            return counter._original(client, url, method, *args, **kwargs)

        caldav.DAVClient.request = request

    def close(self) -> None:
        import caldav

        caldav.DAVClient.request = self._original

    def text(self) -> str:
        return ", ".join(f"{n} {m}" for m, n in sorted(self.by_method.items())) or "no request"


def vdirsyncer_config(work: Path, folder: Path, calendar_url: str) -> Path:
    config = work / "vdirsyncer.conf"
    (work / "password").write_text(PASSWORD, encoding="utf-8")
    config.write_text(
        f"[general]\nstatus_path = \"{work / 'vdir-status'}\"\n\n"
        "[pair bench]\na = \"local\"\nb = \"server\"\ncollections = null\n\n"
        f"[storage local]\ntype = \"filesystem\"\npath = \"{folder}\"\nfileext = \".ics\"\n\n"
        f"[storage server]\ntype = \"caldav\"\nurl = \"{calendar_url}\"\nusername = \"{USER}\"\n"
        f"password.fetch = [\"command\", \"cat\", \"{work / 'password'}\"]\n", encoding="utf-8")
    return config


def one(contacts: int, work: Path) -> dict:
    import caldav

    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
           "XDG_DATA_HOME": str(work / "xdg"), "XDG_CONFIG_HOME": str(work / "xdg-config")}
    os.environ.update({k: env[k] for k in ("PYTHON_KEYRING_BACKEND", "XDG_DATA_HOME")})
    db = work / "netdesk.sqlite3"
    netdesk = [sys.executable, "-m", "netdesk", "--db", str(db)]
    from netdesk.sample.load import load_sample
    from netdesk.services import calendar as calendar_service
    from netdesk.services import reminders
    from netdesk.services.sync import accounts, run
    from netdesk.store.db import close_store, open_store

    open_store(db)
    load_sample(TODAY, contacts)
    close_store()
    with radicale(work / "server") as url:
        subprocess.run(netdesk + ["account", "add", "bench", "--url", url, "--user", USER, "--password-stdin",
                                  "--no-history"],  # issue 15's rows: the reminders and meetings (history: issue 17)
                       env=env, input=PASSWORD + "\n", check=True, capture_output=True, text=True)
        open_store(db)
        account = accounts.get("bench")
        objects = calendar_service.calendar_objects(run.options_for(account))
        close_store()
        folder = work / "items"
        folder.mkdir()
        for uid, body in objects:  # the very bytes netdesk PUTs, one file each
            (folder / f"{uid.replace('/', '_')}.ics").write_bytes(body)
        with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as dav:
            target = dav.principal().make_calendar(name="vdirsyncer", supported_calendar_component_set=["VEVENT",
                                                                                                        "VTODO"])
            calendar_url = str(target.url)
        config = vdirsyncer_config(work, folder, calendar_url)
        vdir = [str(VDIRSYNCER), "-c", str(config)]
        subprocess.run(vdir + ["discover"], env=env, check=True, capture_output=True, text=True, input="y\n")

        first = timed_run(netdesk + ["sync"], env)
        vfirst = timed_run(vdir + ["sync"], env)
        again = timed_run(netdesk + ["sync"], env)
        vagain = timed_run(vdir + ["sync"], env)

        open_store(db)
        try:
            started = time.perf_counter()
            calendar_service.calendar_objects(run.options_for(account))
            render = time.perf_counter() - started
            counted = Counted()
            started = time.perf_counter()
            [same] = run.sync(today=TODAY)
            in_process_same = time.perf_counter() - started
            same_requests = counted.text()
            assert same.pushed == 0 and same.pulled == 0 and not same.errors, same
            counted.by_method.clear()
            [open_one] = [r for r in reminders.list_reminders() if r.status.is_active][:1]
            reminders.snooze(open_one.id, open_one.due + dt.timedelta(days=3), today=TODAY)
            started = time.perf_counter()
            [changed] = run.sync(today=TODAY)
            in_process_one = time.perf_counter() - started
            one_requests = counted.text()
            counted.close()
            assert changed.pushed == 1 and not changed.errors, changed
            in_window = window_syncs()
        finally:
            close_store()
        with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as dav:
            mine = next(c for c in dav.principal().calendars() if c.get_display_name() == "netdesk")
            on_server = len(list(mine.objects(load_objects=False)))
            theirs = len(list(caldav.Calendar(client=dav, url=calendar_url).objects(load_objects=False)))
    assert on_server == theirs == len(objects), (on_server, theirs, len(objects))
    return {"items": len(objects), "first": first, "vfirst": vfirst, "again": again, "vagain": vagain,
            "same": in_process_same, "same_requests": same_requests, "render": render, "one": in_process_one,
            "one_requests": one_requests, "window": in_window}


def window_syncs(times: int = 7) -> list[float]:
    """The window's Sync now with nothing changed: SyncController.sync_now() until its `synced` signal, on
    its worker thread (a fresh store connection each run, as in the window), offscreen. The median of
    `times` runs is the sample."""
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QThreadPool
    from PySide6.QtWidgets import QApplication, QMainWindow

    from netdesk.ui.context import AppContext
    from netdesk.ui.sync_controller import SyncController

    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.menuBar().addMenu("&File")
    sync = SyncController(window, AppContext.create(lambda: TODAY, window), start_delay_ms=None)
    spent = []
    for _n in range(times):
        loop = QEventLoop()
        sync.synced.connect(loop.quit)
        started = time.perf_counter()
        assert sync.sync_now() is not None
        loop.exec()
        spent.append(time.perf_counter() - started)
        sync.synced.disconnect(loop.quit)
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        [result] = sync.last_results
        assert result.pushed == 0 and result.pulled == 0 and not result.errors, result
    window.deleteLater()
    return [statistics.median(spent)]


def run(contacts: int = 200, repeat: int = 1) -> dict:
    found = []
    for _rep in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        try:
            found.append(one(contacts, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    items = found[0]["items"]
    what = f"{contacts:,}-contact sample network, {items:,} items"
    pick = lambda key: [f[key] for f in found]  # noqa: E731
    return {"rows": [
        {"name": f"sync: first push of the {what} to Radicale (netdesk sync)", "samples": pick("first"),
         "baseline_name": "vdirsyncer sync, the same .ics items from a folder", "baseline_samples": pick("vfirst"),
         "goal": "≤ 0.5× vdirsyncer", "goal_ratio": 0.5},
        {"name": f"sync: nothing changed, {what} (netdesk sync, a process)", "samples": pick("again"),
         "baseline_name": "vdirsyncer sync, nothing changed", "baseline_samples": pick("vagain")},
        {"name": "sync: nothing changed, in process (the window's sync)", "samples": pick("same"),
         "goal": "one REPORT, ≤ 50 ms", "goal_value": 0.05, "note": f"requests: {found[-1]['same_requests']}; of it, rendering every object to compare: "
                 f"{found[-1]['render'] * 1000:.0f} ms"},
        {"name": "sync: nothing changed, in the window (Sync now until `synced`, worker thread, median of 7)",
         "samples": [x for f in found for x in f["window"]], "goal": "≤ 50 ms", "goal_value": 0.05},
        {"name": "sync: after one change, in process", "samples": pick("one"),
         "goal": "one PUT plus one REPORT", "note": f"requests: {found[-1]['one_requests']}"},
    ]}


def main(argv: list[str]) -> int:
    from bench.common import rows_from

    contacts = int(argv[0]) if argv else 200
    repeat = int(argv[1]) if len(argv) > 1 else 1
    result = run(contacts, repeat)
    print(markdown(rows_from(result, "sync")))
    if os.environ.get("BENCH_SYNC_JSON"):
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
