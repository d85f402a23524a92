"""Capture (issue 18): scan an n-message mbox, beside a bare `mailbox.mbox` loop parsing the same headers.

`python -m bench.capture [N]` prints the rows; the runner calls `run(n)`. The capture row is the whole use
case on a fresh store with 300 contacts (one message in twenty is theirs): the scan, the matching, the
interactions logged and their reminders re-derived, in one transaction. The baseline is what one would write
with the standard library alone: iterate `mailbox.mbox`, read From, To, Cc, Date and Subject and parse the
addresses and the date. The re-scan is the same capture again with nothing new in the file.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import mailbox
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import markdown

CONTACTS = 300
ME = "me@home.example"


def write_mbox(path: Path, n: int, today: dt.date) -> None:
    """n messages, as a mail client writes them (raw bytes: mailbox.add for 100k would dominate the bench)."""
    with open(path, "wb") as f:
        for i in range(n):
            day = today - dt.timedelta(days=i % 365)
            sender = f"c{i % (CONTACTS * 20)}@people.example"
            date = email.utils.format_datetime(dt.datetime.combine(day, dt.time(9 + i % 9), dt.UTC))
            lines = [f"From {sender} {day:%a %b %d} 10:00:00 {day.year}",
                     f"From: Person {i % 997} <{sender}>" if i % 3 else f"From: {ME}",
                     f"To: =?utf-8?q?J=C3=BCrgen?= <{ME}>, other{i % 50}@elsewhere.example",
                     f"Subject: Re: thing {i}", f"Date: {date}", f"Message-ID: <{i}.bench@example.org>",
                     "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                     *([f"List-Id: <list{i % 7}.example.org>"] if i % 11 == 0 else []), "",
                     *(["A line of the body that is never read by netdesk."] * 12), "", ""]
            f.write("\n".join(lines).encode())


def bare_loop(path: Path) -> int:
    people = 0
    for message in mailbox.mbox(str(path)):
        people += len(email.utils.getaddresses(message.get_all("from", []) + message.get_all("to", [])
                                               + message.get_all("cc", [])))
        email.utils.parsedate_to_datetime(message["date"])
        str(message["subject"])
    return people


def fresh_store(path: Path, today: dt.date) -> None:
    from netdesk.services.contacts import add_contact
    from netdesk.store.db import close_store, open_store

    open_store(path)
    for i in range(CONTACTS):
        add_contact(f"Contact {i}", emails=[f"C{i * 20}@People.example"], every_days=30, today=today)
    close_store()


def run(n: int = 100_000, repeat: int = 3) -> dict:
    from netdesk.services.capture_mail import capture_mail
    from netdesk.store.db import close_store, open_store

    today = dt.date(2026, 3, 10)
    work = Path(tempfile.mkdtemp(prefix="bench-capture-"))
    try:
        box = work / "Inbox"
        write_mbox(box, n, today)
        template = work / "template.sqlite3"
        fresh_store(template, today)
        scans, bares, rescans, logged = [], [], [], 0
        for rep in range(repeat):
            started = time.perf_counter()
            bare_loop(box)
            bares.append(time.perf_counter() - started)
            store = work / f"store-{rep}.sqlite3"
            shutil.copyfile(template, store)
            open_store(store)
            started = time.perf_counter()
            done = capture_mail([box], today=today, tz=dt.UTC, me=[ME])
            scans.append(time.perf_counter() - started)
            logged = done.logged
            started = time.perf_counter()
            again = capture_mail([box], today=today, tz=dt.UTC, me=[ME])
            rescans.append(time.perf_counter() - started)
            assert again.items == 0 and again.logged == 0
            close_store()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = f"{n // 1000}k" if n >= 1000 else str(n)
    return {"rows": [
        {"name": f"capture: scan a {size}-message mbox ({logged} interactions logged)", "samples": scans,
         "baseline_name": "bare mailbox.mbox loop, same headers", "baseline_samples": bares,
         "goal": "≤ 1.5× baseline", "goal_ratio": 1.5},
        {"name": f"capture: re-scan the {size}-message mbox, nothing new", "samples": rescans,
         "goal": "≤ 0.1 s", "goal_value": 0.1},
    ]}


def main(argv: list[str]) -> int:
    from bench.common import rows_from

    n = int(argv[0]) if argv else 100_000
    print(markdown(rows_from(run(n), "capture")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
