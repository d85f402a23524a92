"""Reminder re-derivation on a synthetic network: `run(contacts, interactions) -> dict` (see bench/common.py).

The store is bulk-inserted directly with sqlite3 (through the real schema and its triggers), then:
- the first derivation (every reminder is new),
- full re-derivation with nothing changed (the steady state; goal ≤ 1 s for 100k/1M),
- full re-derivation after 1% of contacts got a new interaction,
- one CLI-sized write (log an interaction) with its scoped derivation,
each beside a bare baseline measured in the same run: `SELECT contact_id, max(on_date) FROM interaction
GROUP BY contact_id`, the least any keep-in-touch derivation from raw interactions would have to read.

`python -m bench.derive [CONTACTS INTERACTIONS]` prints the result.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 3, 10)
REPEATS = 5


def _days_ago(rng: random.Random, most: int) -> str:
    return (TODAY - dt.timedelta(days=rng.randint(0, most))).isoformat()


def build(path: Path, contacts: int, interactions: int, seed: int = 7) -> None:
    """A seeded network: cadences on a third of the contacts and on some tags, favours, leads, asks,
    referrals and a few meetings, all written in one transaction per table."""
    from netdesk.store.db import close_store, database, open_store

    rng = random.Random(seed)
    open_store(path)
    db = database
    stamp = "2026-03-10T09:00:00Z"
    with db.atomic():
        cur = db.cursor()
        cur.executemany(
            "INSERT INTO contact (id, name, given_name, family_name, organisation, title, met_on, created_on, "
            "every_days, search_text, sort_name, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            ((i, f"Person {i}", "Person", str(i), f"Org {i % 997}", "Engineer",
              _days_ago(rng, 1500) if i % 2 else None, _days_ago(rng, 2000),
              rng.choice((30, 60, 90)) if i % 3 == 0 else None, f"person {i}", f"person {i}", stamp)
             for i in range(1, contacts + 1)),
        )
        cur.executemany("INSERT INTO tag (id, name, every_days) VALUES (?,?,?)",
                        ((t, f"tag{t}", 45 if t <= 5 else None) for t in range(1, 21)))
        cur.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
                        ((rng.randint(1, contacts), rng.randint(1, 20)) for _ in range(contacts)))
        kinds = ("call", "meeting", "email", "message", "event", "social")
        # The triggers that keep last_contacted true would update a contact per row; for the bulk load
        # they are set aside, the column is computed once, and they are put back exactly as they were.
        triggers = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'interaction'").fetchall()
        for name, _sql in triggers:
            db.execute_sql(f'DROP TRIGGER "{name}"')
        rows = sorted((rng.randint(1, contacts), _days_ago(rng, 1000)) for _ in range(interactions))
        cur.executemany("INSERT INTO interaction (contact_id, kind, on_date) VALUES (?,?,?)",
                        ((cid, kinds[n % 6], on) for n, (cid, on) in enumerate(rows)))
        del rows
        db.execute_sql("UPDATE contact SET last_contacted = (SELECT max(on_date) FROM interaction "
                       "WHERE interaction.contact_id = contact.id)")
        for _name, sql in triggers:
            db.execute_sql(sql)
        n = max(1, contacts // 5)
        cur.executemany("INSERT INTO favour (contact_id, text, on_date, thanked_on) VALUES (?,?,?,?)",
                        ((rng.randint(1, contacts), "a favour", d, d if rng.random() < 0.8 else None)
                         for d in (_days_ago(rng, 700) for _ in range(n))))
        cur.executemany("INSERT INTO lead (contact_id, text, on_date, outcome, outcome_on, reported_on) "
                        "VALUES (?,?,?,?,?,?)",
                        ((rng.randint(1, contacts), "a lead", d, o, d if o else None, d if o and rng.random() < .5
                          else None) for d, o in ((_days_ago(rng, 700), rng.choice((None, "hired")))
                                                  for _ in range(n // 4))))
        cur.executemany("INSERT INTO ask (contact_id, purpose, on_date, status, resolved_on) VALUES (?,?,?,?,?)",
                        ((rng.randint(1, contacts), "an intro", d, s, None if s == "open" else d)
                         for d, s in ((_days_ago(rng, 700), rng.choice(("open", "granted", "declined")))
                                      for _ in range(n // 2))))
        cur.executemany("INSERT OR IGNORE INTO referral (seeker_id, target_id, on_date) VALUES (?,?,?)",
                        ((a, a % contacts + 1, _days_ago(rng, 700))
                         for a in (rng.randint(1, contacts) for _ in range(n // 4))))
        # Meetings: mostly past; a few dozen ahead, as in a real diary.
        cur.executemany("INSERT INTO meeting (contact_id, at, purpose) VALUES (?,?,?)",
                        ((rng.randint(1, contacts),
                          dt.datetime.combine(TODAY + dt.timedelta(days=rng.randint(-700, 0) if k >= 50
                                                                   else rng.randint(1, 30)),
                                              dt.time(10), dt.UTC).isoformat(), "catch up")
                         for k in range(max(1, contacts // 100))))
    close_store()


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(contacts: int, interactions: int) -> dict:
    from netdesk.services import recording, reminders
    from netdesk.store.db import close_store, database, open_store

    with tempfile.TemporaryDirectory(prefix="netdesk-bench-derive-") as tmp:
        path = Path(tmp) / "derive.sqlite3"
        started = time.perf_counter()
        build(path, contacts, interactions)
        build_s = time.perf_counter() - started
        open_store(path)
        baseline = lambda: database.execute_sql(  # noqa: E731
            "SELECT contact_id, max(on_date) FROM interaction GROUP BY contact_id").fetchall()
        first = _time(lambda: reminders.derive(TODAY))
        count = database.execute_sql("SELECT count(*) FROM reminder").fetchone()[0]
        base = [_time(baseline) for _ in range(REPEATS)]
        steady = [_time(lambda: reminders.derive(TODAY)) for _ in range(REPEATS)]
        rng = random.Random(11)
        churn = []
        for rep in range(3):
            with database.atomic():
                database.cursor().executemany(
                    "INSERT INTO interaction (contact_id, kind, on_date) VALUES (?, 'call', ?)",
                    ((rng.randint(1, contacts), (TODAY - dt.timedelta(days=rep)).isoformat())
                     for _ in range(max(1, contacts // 100))))
            churn.append(_time(lambda: reminders.derive(TODAY)))
        one = [_time(lambda: recording.log_interaction(rng.randint(1, contacts), "email", on=TODAY, today=TODAY))
               for _ in range(REPEATS)]
        close_store()
    size = f"{contacts // 1000}k contacts / {interactions // 1000}k interactions" if contacts >= 1000 else \
        f"{contacts} contacts / {interactions} interactions"
    base_name = "SELECT contact_id, max(on_date) FROM interaction GROUP BY contact_id"
    note = (f"{count} reminders; synthetic store built in {build_s:.1f} s (bulk insert through the schema's "
            f"triggers); first derivation (all new) {first:.2f} s")
    return {"rows": [
        {"name": f"reminder re-derivation ({size}, nothing changed)", "unit": "s", "samples": steady,
         "baseline_name": base_name, "baseline_samples": base, "goal": "≤ 1 s", "goal_value": 1.0, "note": note},
        {"name": f"reminder re-derivation after 1% new interactions ({size})", "unit": "s", "samples": churn,
         "baseline_name": base_name, "baseline_samples": base, "goal": "≤ 1 s", "goal_value": 1.0},
        {"name": f"log one interaction + scoped derivation ({size})", "unit": "s", "samples": one,
         "goal": "≤ 0.1 s", "goal_value": 0.1},
        {"name": f"first derivation, every reminder new ({size})", "unit": "s", "samples": [first],
         "baseline_name": base_name, "baseline_samples": base},
    ]}


def summary(result: dict) -> str:
    lines = []
    for row in result["rows"]:
        s = row["samples"]
        text = f"{row['name']}: median {statistics.median(s):.3f} s (min {min(s):.3f}, max {max(s):.3f})"
        if row.get("baseline_samples"):
            b = row["baseline_samples"]
            text += f"; baseline median {statistics.median(b):.3f} s (min {min(b):.3f}, max {max(b):.3f})"
        lines.append(text)
    return "\n".join(lines)


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]] or [100_000, 1_000_000]
    outcome = run(*sizes)
    print(summary(outcome))
    print(json.dumps(outcome, indent=1)[:4000] if "--json" in sys.argv else "")
