"""The Today dashboard's reminder queries are answered from the (kind, status, due) index (schema v3),
not by walking every due reminder once per kind."""

import datetime as dt
import logging

from netdesk.domain.kinds import ReminderKind
from netdesk.services import contacts, overview, recording
from netdesk.store.models import database
from tests.conftest import TODAY


def test_due_reminders_and_overdue_count_use_the_kind_index(store, caplog):
    cid = contacts.add_contact("Ana", today=TODAY).id
    recording.record_favour(cid, "lent a book", on=TODAY - dt.timedelta(days=5), today=TODAY)
    kinds = [kind.value for kind in ReminderKind]
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):  # peewee logs each query as (sql, params)
        due, counts = overview.due_reminders(TODAY, kinds, per_kind=10)
        overview.overdue_count(TODAY, kinds)
    assert counts == {"thank-you": 1} and [r.kind.value for r in due] == ["thank-you"]
    logged = [r.msg for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    reminder_queries = [(sql, params) for sql, params in logged if '"reminder"' in sql]
    assert len(reminder_queries) == 3  # the counts, thank-you's rows, the overdue count
    for sql, params in reminder_queries:
        plan = " ".join(row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "reminder_kind_due" in plan, (sql, plan)
