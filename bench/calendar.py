"""Calendar export speed: the component cache against a plain icalendar `Calendar.to_ical()` of the same data.

    python -m bench.calendar [N]

Rows: a full export with a cold cache, a full export with nothing changed, and a re-export after one
reminder changed. Each is measured beside icalendar building and serialising the same calendar in
the same run (which is what an export without the cache costs).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import icalendar

from bench.common import Row, markdown, timed
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.exchange import ics
from netdesk.exchange.ics import IcsOptions, ReminderEntry

TODAY = dt.date(2026, 3, 10)
STAMP = "2026-03-01T08:00:00Z"


def _fill(n: int) -> None:
    from netdesk.store.models import database

    kinds = list(ReminderKind)
    contacts = max(1, n // 5)
    with database.atomic():
        database.connection().executemany(
            "INSERT INTO contact(id, name, created_on, updated_at) VALUES (?, ?, ?, ?)",
            [(c + 1, f"Contact Ångström {c}", "2026-01-01", STAMP) for c in range(contacts)])
        namespace = uuid.uuid4()
        database.connection().executemany(
            "INSERT INTO reminder(uid, kind, contact_id, contact_name, source, source_id, rule_due, due, status, "
            "title, detail, sequence, created_at, updated_at) VALUES (?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            [(f"{uuid.uuid5(namespace, str(i))}@netdesk", kinds[i % len(kinds)].value, i % contacts + 1,
              f"Contact Ångström {i % contacts}", i, (TODAY + dt.timedelta(days=i % 365)).isoformat(),
              (TODAY + dt.timedelta(days=i % 365)).isoformat(), "open" if i % 7 else "done",
              f"{kinds[i % len(kinds)].value} Contact Ångström {i % contacts}",
              f"For the introduction to the data team on {TODAY.isoformat()} (#{i})", STAMP, STAMP)
             for i in range(n)])


def _plain_icalendar(options: IcsOptions) -> bytes:
    """The same calendar, built and serialised by icalendar with no cache."""
    from netdesk.store.models import database

    cal = icalendar.Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", ics.CALNAME)
    rows = database.execute_sql(
        "SELECT uid, kind, contact_name, due, title, detail, status, sequence, created_at, updated_at, '' "
        "FROM reminder ORDER BY id").fetchall()
    for uid, kind, contact, due, title, detail, status, sequence, created, updated, notes in rows:
        entry = ReminderEntry(
            uid=uid, kind=ReminderKind(kind), contact=contact, due=dt.date.fromisoformat(due), title=title,
            detail=detail, status=ReminderStatus(status), sequence=sequence,
            created_at=dt.datetime.fromisoformat(created.replace("Z", "+00:00")),
            updated_at=dt.datetime.fromisoformat(updated.replace("Z", "+00:00")), notes=notes)
        cal.add_component(ics.reminder_component(entry, options))
    return cal.to_ical()


def run(n: int = 10_000, repeat: int = 3) -> dict:
    from netdesk.services import calendar
    from netdesk.store.db import close_store, database, open_store

    options = IcsOptions()
    with tempfile.TemporaryDirectory() as folder:
        open_store(Path(folder) / "bench.sqlite3")
        try:
            _fill(n)
            target = Path(folder) / "netdesk.ics"
            cold, warm, one, one_file, plain, one_cpu, plain_cpu, fresh_process = [], [], [], [], [], [], [], []
            for _ in range(repeat):
                calendar.clear_cache()
                cold.append(timed(lambda: calendar.render(options, TODAY)))
                cpu = time.process_time()
                plain.append(timed(lambda: _plain_icalendar(options)))
                plain_cpu.append(time.process_time() - cpu)
                warm.append(timed(lambda: calendar.render(options, TODAY)))
            changed = []
            for i in range(repeat):
                database.execute_sql("UPDATE reminder SET title = ?, sequence = sequence + 1, updated_at = ? "
                                     "WHERE id = ?", (f"changed {i}", f"2026-03-0{i + 2}T08:00:00Z", 1 + i * 37))
                start, cpu = time.perf_counter(), time.process_time()
                rendered = calendar.render(options, TODAY)
                one.append(time.perf_counter() - start)
                one_cpu.append(time.process_time() - cpu)
                changed.append(rendered.serialised)
                database.execute_sql("UPDATE reminder SET sequence = sequence + 1 WHERE id = ?", (2 + i * 37,))
                one_file.append(timed(lambda: calendar.export_ics(target, options, today=TODAY)))
                database.execute_sql("UPDATE reminder SET sequence = sequence + 1 WHERE id = ?", (3 + i * 37,))
                calendar._memo.clear()  # what a one-shot CLI process sees: bodies come from the store's table
                fresh_process.append(timed(lambda: calendar.render(options, TODAY)))
        finally:
            close_store()
    baseline = dict(baseline_name="icalendar Calendar.to_ical() (build + serialise, no cache)",
                    baseline_samples=plain)
    rows = [
        Row(f"full export of {n} reminders, cold cache", cold, goal="≤ 0.5 s", goal_value=0.5, **baseline,
            note="icalendar serialises every component once, then they are cached in the store"),
        Row(f"full export of {n} reminders, warm cache", warm, goal="≤ 0.5 s", goal_value=0.5, **baseline),
        Row(f"re-export after one change ({n} reminders)", one, goal="≤ 50 ms", goal_value=0.05, **baseline,
            note=f"components serialised: {sorted(set(changed))}"),
        Row(f"re-export after one change, written to a file with fsync ({n})", one_file, goal="≤ 50 ms",
            goal_value=0.05, **baseline),
        Row(f"re-export after one change, as a new process would ({n})", fresh_process, goal="≤ 50 ms",
            goal_value=0.05, **baseline, note="no in-memory section: every body is read from ics_component"),
        # The machine is shared: CPU time shows the cost without the time spent waiting for a core.
        Row(f"re-export after one change ({n} reminders), CPU time", one_cpu, goal="≤ 50 ms", goal_value=0.05,
            baseline_name="icalendar build + to_ical(), CPU time", baseline_samples=plain_cpu),
    ]
    for row in rows:
        row.section = "calendar"
    return {"rows": [row.to_json() for row in rows]}


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    result = run(n)
    rows = [Row(**{k: v for k, v in r.items() if k in Row.__dataclass_fields__}) for r in result["rows"]]
    print(markdown(rows))
    if "--json" in argv:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
