"""Calendar export speed on the sample network, meetings included: the component cache against a plain
icalendar `Calendar.to_ical()` of the same calendar, and the feed's answer to an unchanged store.

    python -m bench.calendar [N]

The store is the one the window's "Load a sample network" makes (`netdesk.sample.load_sample`, N contacts:
about N reminders and N/10 meetings, each meeting's event carrying its brief). Rows: a full export with a
cold cache, with nothing changed, and re-exports after one reminder or one meeting's brief changed; each
beside icalendar building and serialising the same calendar in the same run (what an export without the
cache costs: every brief read and every component serialised). The feed's rows time a conditional GET
over HTTP answered 304, and a GET after one change.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import icalendar

from bench.common import Row, markdown, timed
from netdesk.domain.kinds import ReminderKind, ReminderStatus
from netdesk.exchange import ics
from netdesk.exchange.ics import IcsOptions

TODAY = dt.date(2026, 3, 10)


def _plain_icalendar(options: IcsOptions) -> bytes:
    """The same calendar, built and serialised by icalendar with no cache: every reminder, and every
    meeting with its brief read on its own (as the export did before the one-statement read)."""
    from netdesk.services import meetings
    from netdesk.store.models import database

    cal = icalendar.Calendar.from_ical(ics.calendar_head() + ics.CALENDAR_END)
    rows = database.execute_sql(
        "SELECT r.uid, r.kind, r.contact_name, r.due, r.title, r.detail, r.status, r.sequence, r.created_at, "
        "r.updated_at FROM reminder r ORDER BY r.id").fetchall()
    for uid, kind, contact, due, title, detail, status, sequence, created, updated in rows:
        entry = ics.ReminderEntry(
            uid=uid, kind=ReminderKind(kind), contact=contact, due=dt.date.fromisoformat(due), title=title,
            detail=detail, status=ReminderStatus(status), sequence=sequence,
            created_at=dt.datetime.fromisoformat(created.replace("Z", "+00:00")),
            updated_at=dt.datetime.fromisoformat(updated.replace("Z", "+00:00")))
        cal.add_component(ics.reminder_component(entry, options))
    stamp = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
    for mid, name, at, tzid, minutes, purpose, location in database.execute_sql(
            "SELECT m.id, c.name, m.at, m.tzid, m.duration_minutes, m.purpose, m.location "
            "FROM meeting m JOIN contact c ON c.id = m.contact_id ORDER BY m.at, m.id").fetchall():
        zone = ics.zone(tzid)
        entry = ics.MeetingEntry(uid=f"meeting-{mid}@bench", contact=name,
                                 start=dt.datetime.fromisoformat(at).astimezone(zone),
                                 tzid=tzid if zone is not dt.UTC else "UTC",
                                 duration=dt.timedelta(minutes=minutes), purpose=purpose, location=location,
                                 description=meetings.meeting_brief(mid, TODAY))
        cal.add_component(ics.meeting_component(entry, 0, stamp, options))
    return cal.to_ical()


def _get(port: int, path: str, etag: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"If-None-Match": etag} if etag else {})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("ETag") or ""
    finally:
        conn.close()


def _feed_rows(change, repeat: int) -> tuple[list[float], list[float], list[float], int]:
    """(304 times, plain GET times while nothing changed, GET times after one change, renders for the 304s)."""
    from netdesk.services import feed

    server = feed.start(0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        path = f"/{server.token}/netdesk.ics"
        _status, etag = _get(server.port, path)
        renders = server.renders
        not_modified, unchanged, changed = [], [], []
        for _ in range(repeat * 5):
            start = time.perf_counter()
            status, _tag = _get(server.port, path, etag)
            not_modified.append(time.perf_counter() - start)
            assert status == 304, status
            unchanged.append(timed(lambda: _get(server.port, path)))
        quiet_renders = server.renders - renders
        for i in range(repeat):
            change(i)
            start = time.perf_counter()
            status, etag = _get(server.port, path, etag)
            changed.append(time.perf_counter() - start)
            assert status == 200, status
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    return not_modified, unchanged, changed, quiet_renders


def run(n: int = 10_000, repeat: int = 3) -> dict:
    from netdesk.sample import load_sample
    from netdesk.services import calendar
    from netdesk.store.db import close_store, database, open_store

    options = IcsOptions()
    with tempfile.TemporaryDirectory() as folder:
        open_store(Path(folder) / "bench.sqlite3")
        try:
            load_sample(TODAY, n)
            reminders = database.execute_sql("SELECT count(*) FROM reminder").fetchone()[0]
            meeting_ids = [m for (m,) in database.execute_sql("SELECT id FROM meeting ORDER BY id").fetchall()]
            contacts_met = [c for (c,) in database.execute_sql(
                "SELECT contact_id FROM meeting ORDER BY id").fetchall()]
            target = Path(folder) / "netdesk.ics"
            cold, warm, one, one_meeting, one_file, plain, one_cpu, plain_cpu, fresh_process = ([] for _ in range(9))
            for _ in range(repeat):
                database.execute_sql("DELETE FROM ics_component")  # a cache that never existed
                calendar._memo.clear()
                cold.append(timed(lambda: calendar.render(options, TODAY)))
                cpu = time.process_time()
                plain.append(timed(lambda: _plain_icalendar(options)))
                plain_cpu.append(time.process_time() - cpu)
                warm.append(timed(lambda: calendar.render(options, TODAY)))
            changed, changed_meetings = [], []
            for i in range(repeat):
                database.execute_sql("UPDATE reminder SET title = ?, sequence = sequence + 1, updated_at = ? "
                                     "WHERE id = ?", (f"changed {i}", f"2026-03-0{i + 2}T08:00:00Z", 1 + i * 37))
                start, cpu = time.perf_counter(), time.process_time()
                rendered = calendar.render(options, TODAY)
                one.append(time.perf_counter() - start)
                one_cpu.append(time.process_time() - cpu)
                changed.append(rendered.serialised)
                # A fact in one meeting's brief: an interaction logged with the person you meet.
                database.execute_sql("INSERT INTO interaction (contact_id, kind, on_date, note) VALUES (?, ?, ?, '')",
                                     (contacts_met[i * 7 % len(contacts_met)], "call", TODAY.isoformat()))
                start = time.perf_counter()
                rendered = calendar.render(options, TODAY)
                one_meeting.append(time.perf_counter() - start)
                changed_meetings.append(rendered.serialised)
                database.execute_sql("UPDATE reminder SET sequence = sequence + 1 WHERE id = ?", (2 + i * 37,))
                one_file.append(timed(lambda: calendar.export_ics(target, options, today=TODAY)))
                database.execute_sql("UPDATE reminder SET sequence = sequence + 1 WHERE id = ?", (3 + i * 37,))
                calendar._memo.clear()  # what a one-shot CLI process sees: bodies come from the store's table
                fresh_process.append(timed(lambda: calendar.render(options, TODAY)))

            def touch(i: int) -> None:
                database.execute_sql("UPDATE reminder SET title = ?, sequence = sequence + 1 WHERE id = ?",
                                     (f"feed change {i}", 5 + i * 41))

            not_modified, unchanged, feed_changed, quiet_renders = _feed_rows(touch, repeat)
        finally:
            close_store()
    size = f"{n} contacts: {reminders} reminders + {len(meeting_ids)} meetings"
    baseline = dict(baseline_name="icalendar Calendar.to_ical() (build + serialise, briefs read one by one, no cache)",
                    baseline_samples=plain)
    sample = "sample network as `Load a sample network` makes it, meetings included"
    rows = [
        Row(f"full export of the sample network ({size}), cold cache", cold, goal="≤ 0.5 s", goal_value=0.5,
            **baseline, note=f"{sample}; icalendar serialises every component once, then they are cached in the store"),
        Row(f"full export of the sample network ({size}), warm cache", warm, goal="≤ 50 ms", goal_value=0.05,
            **baseline, note="every meeting's brief facts read by one statement and checked against its fingerprint"),
        Row(f"re-export after one reminder changed ({size})", one, goal="≤ 50 ms", goal_value=0.05, **baseline,
            note=f"components serialised: {sorted(set(changed))}"),
        Row(f"re-export after one meeting's brief changed ({size})", one_meeting, goal="≤ 50 ms", goal_value=0.05,
            **baseline, note=f"an interaction logged with the person met; components serialised: "
                             f"{sorted(set(changed_meetings))}"),
        Row(f"re-export after one change, written to a file with fsync ({size})", one_file, goal="≤ 50 ms",
            goal_value=0.05, **baseline),
        Row(f"re-export after one change, as a new process would ({size})", fresh_process, goal="≤ 50 ms",
            goal_value=0.05, **baseline, note="no in-memory section: every body is read from ics_component"),
        # The machine is shared: CPU time shows the cost without the time spent waiting for a core.
        Row(f"re-export after one reminder changed ({size}), CPU time", one_cpu, goal="≤ 50 ms", goal_value=0.05,
            baseline_name="icalendar build + to_ical(), CPU time", baseline_samples=plain_cpu),
        Row(f"feed: conditional GET answered 304, nothing changed ({size})", not_modified, goal="≤ 5 ms",
            goal_value=0.005, baseline_name="warm full render (what every request cost before)", baseline_samples=warm,
            note=f"over HTTP on 127.0.0.1; renders during {len(not_modified)} 304s and as many plain GETs: "
                 f"{quiet_renders}"),
        Row(f"feed: GET, nothing changed ({size})", unchanged, goal="–",
            baseline_name="warm full render (what every request cost before)", baseline_samples=warm),
        Row(f"feed: conditional GET after one change ({size})", feed_changed, goal="–",
            baseline_name="warm full render (what every request cost before)", baseline_samples=warm,
            note="one render on the feed's thread, then the whole calendar over HTTP"),
    ]
    for row in rows:
        row.section = "calendar"
    return {"rows": [row.to_json() for row in rows]}


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 10_000
    result = run(n)
    rows = [Row(**{k: v for k, v in r.items() if k in Row.__dataclass_fields__}) for r in result["rows"]]
    print(markdown(rows))
    if "--json" in argv:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
