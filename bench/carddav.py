"""CardDAV contact sync (issue 16 item 7) against a real Radicale on 127.0.0.1, beside vdirsyncer, in the same run.

`python -m bench.carddav [CONTACTS] [REPEAT]` prints the rows (default: 10,000 contacts of the sample network).
Each repetition starts a fresh Radicale (temporary folder, htpasswd user, free port) and a fresh store, then
measures, each as a process a user would start (both pay their interpreter start-up and imports):

- netdesk's first contact sync: every contact uploaded to an empty address book (`If-None-Match: *` PUTs);
- vdirsyncer's first sync of the very same cards (one .vcf each, the bytes netdesk PUTs) from a folder to a
  second address book on the same server (`vdirsyncer sync`, after its `discover`);
- a sync with nothing changed, both tools, and netdesk's requests counted (the aim: one REPORT);
- a second netdesk installation (an empty store) taking the 10k cards down, beside vdirsyncer taking the
  same address book into an empty folder.

netdesk's contact sync runs alone (`python -m bench.carddav --child ...` calls services/carddav/run.sync_contacts
for the account), so the calendar's reminders do not count in these figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import markdown
from bench.sync import PASSWORD, ROOT, TODAY, USER, VDIRSYNCER, radicale

MKCOL = ('<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
         "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
         "<D:displayname>{name}</D:displayname></D:prop></D:set></D:mkcol>")
LIST = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'


def child(db: str, url: str, book: str) -> int:
    """One contact sync of a store, as a process: prints pushed, pulled and the requests by method."""
    import caldav

    from netdesk.domain.sync_account import Account
    from netdesk.services.carddav import run
    from netdesk.services.sync import connection
    from netdesk.store import accounts
    from netdesk.store.db import close_store, open_store, transaction

    counts: dict[str, int] = {}
    original = caldav.DAVClient.request

    def request(client, target, method="GET", *args, **kwargs):
        counts[method] = counts.get(method, 0) + 1
        return original(client, target, method, *args, **kwargs)

    caldav.DAVClient.request = request
    open_store(Path(db))
    try:
        account = accounts.by_name("bench")
        if account is None:
            with transaction():
                accounts.add(Account(0, "bench", url, USER, "netdesk", "", "events", "", book, True, False))
            account = accounts.by_name("bench")
        target = connection.Target(url, USER, PASSWORD)
        with connection.client(target) as dav:
            done = run.sync_contacts(dav, account, today=TODAY)
    finally:
        close_store()
    print(json.dumps({"pushed": done.pushed, "pulled": done.pulled, "errors": done.errors, "requests": counts}))
    return 0


def _child(db: Path, url: str, book: str) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.carddav", "--child", str(db), url, book], cwd=ROOT,
                          capture_output=True, text=True, timeout=7200)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"netdesk's contact sync failed: {done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if out["errors"]:
        raise RuntimeError(f"netdesk's contact sync reported: {out['errors']}")
    return elapsed, out


def _vdir(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, input="y\n" * 4, timeout=7200)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"vdirsyncer failed: {done.stderr[-2000:]}")
    return elapsed


def vdirsyncer_config(work: Path, name: str, folder: Path, book_url: str) -> Path:
    config = work / f"vdirsyncer-{name}.conf"
    (work / "password").write_text(PASSWORD, encoding="utf-8")
    config.write_text(
        f"[general]\nstatus_path = \"{work / f'vdir-status-{name}'}\"\n\n"
        "[pair bench]\na = \"local\"\nb = \"server\"\ncollections = null\n\n"
        f"[storage local]\ntype = \"filesystem\"\npath = \"{folder}\"\nfileext = \".vcf\"\n\n"
        f"[storage server]\ntype = \"carddav\"\nurl = \"{book_url}\"\nusername = \"{USER}\"\n"
        f"password.fetch = [\"command\", \"cat\", \"{work / 'password'}\"]\n", encoding="utf-8")
    return config


def _count_cards(url: str, book: str) -> int:
    """How many cards the address book holds, by a Depth 1 PROPFIND of the caldav package on its own."""
    import caldav

    with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as dav:
        done = dav.propfind(f"{url}{USER}/{book}/", LIST, depth=1)
        return sum(1 for href in done.find_objects_and_props() if not href.endswith("/"))


def one(contacts: int, work: Path) -> dict:
    import caldav

    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "xdg-config")}
    db, second = work / "netdesk.sqlite3", work / "second.sqlite3"
    from netdesk.domain.sync_account import Account
    from netdesk.sample.load import load_sample
    from netdesk.services.carddav.cards import Reconciler
    from netdesk.services.carddav.fields import normal
    from netdesk.store import export_reads
    from netdesk.store.db import close_store, open_store

    open_store(db)
    load_sample(TODAY, contacts)
    # The very bytes netdesk PUTs, one file each, for vdirsyncer.
    folder = work / "cards"
    folder.mkdir()
    namer = Reconciler(None, Account(0, "bench", url="", username=USER), "", TODAY)  # only its uid_for
    ids = export_reads.export_ids()
    for record in export_reads.records(ids):
        uid = namer.uid_for(record.contact_id, record)
        (folder / f"{uid.replace('/', '_').removeprefix('urn:uuid:')}.vcf").write_text(normal(record, uid)[1],
                                                                                      encoding="utf-8")
    close_store()
    with radicale(work / "server") as url:
        with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as dav:
            for name in ("netdesk", "vdirsyncer"):
                made = dav.request(f"{url}{USER}/{name}/", "MKCOL", MKCOL.format(name=name),
                                   {"Content-Type": "application/xml"})
                assert made.status in (200, 201), made.status
        book_url = f"{url}{USER}/vdirsyncer/"
        config = vdirsyncer_config(work, "up", folder, book_url)
        up = [str(VDIRSYNCER), "-c", str(config)]
        _vdir(up + ["discover"], env)

        first, first_out = _child(db, url, "netdesk")
        vfirst = _vdir(up + ["sync"], env)
        again, again_out = _child(db, url, "netdesk")
        vagain = _vdir(up + ["sync"], env)
        down, down_out = _child(second, url, "netdesk")  # a second installation, empty
        empty = work / "down"
        empty.mkdir()
        down_config = vdirsyncer_config(work, "down", empty, book_url)
        vdown_command = [str(VDIRSYNCER), "-c", str(down_config)]
        _vdir(vdown_command + ["discover"], env)
        vdown = _vdir(vdown_command + ["sync"], env)
        on_server = _count_cards(url, "netdesk"), _count_cards(url, "vdirsyncer")
    pulled_files = len(list(empty.glob("*.vcf")))
    assert first_out["pushed"] == len(ids) and on_server == (len(ids), len(ids)), (first_out, on_server)
    assert again_out["pushed"] == again_out["pulled"] == 0, again_out
    assert down_out["pulled"] == len(ids) and pulled_files == len(ids), (down_out, pulled_files)
    return {"cards": len(ids), "first": first, "vfirst": vfirst, "again": again, "vagain": vagain,
            "again_requests": again_out["requests"], "first_requests": first_out["requests"],
            "down": down, "vdown": vdown}


def _requests(counts: dict) -> str:
    return ", ".join(f"{n} {m}" for m, n in sorted(counts.items()))


def run(contacts: int = 10_000, repeat: int = 1) -> dict:
    found = []
    for _rep in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-carddav-"))
        try:
            found.append(one(contacts, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    cards = found[0]["cards"]
    pick = lambda key: [f[key] for f in found]  # noqa: E731
    return {"rows": [
        {"name": f"carddav: first sync, {cards:,} contacts up to an empty Radicale address book (netdesk)",
         "samples": pick("first"), "baseline_name": "vdirsyncer sync, the same .vcf cards from a folder",
         "baseline_samples": pick("vfirst"), "goal": "≤ vdirsyncer", "goal_ratio": 1.0,
         "note": f"requests: {_requests(found[-1]['first_requests'])}"},
        {"name": f"carddav: nothing changed, {cards:,} contacts (netdesk)", "samples": pick("again"),
         "baseline_name": "vdirsyncer sync, nothing changed", "baseline_samples": pick("vagain"),
         "goal": "one REPORT", "note": f"requests: {_requests(found[-1]['again_requests'])}"},
        {"name": f"carddav: a second installation takes the {cards:,} cards down (netdesk, empty store)",
         "samples": pick("down"), "baseline_name": "vdirsyncer sync into an empty folder",
         "baseline_samples": pick("vdown")},
    ]}


def main(argv: list[str]) -> int:
    from bench.common import rows_from

    if argv and argv[0] == "--child":
        return child(*argv[1:4])
    contacts = int(argv[0]) if argv else 10_000
    repeat = int(argv[1]) if len(argv) > 1 else 1
    result = run(contacts, repeat)
    print(markdown(rows_from(result, "carddav")))
    if os.environ.get("BENCH_CARDDAV_JSON"):
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
