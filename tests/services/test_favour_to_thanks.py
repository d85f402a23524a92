import datetime as dt

import pytest

from netdesk.errors import Ambiguous, NotFound
from netdesk.services import contacts, recording, reminders
from netdesk.store.models import Reminder


def test_favour_thanks_cycle_is_idempotent(store, today):
    zoe = contacts.add_contact("Zoë Ångström", today=today, emails=["zoe@example.org"])
    recording.record_favour(zoe.id, "introduced me to Ana", on=dt.date(2026, 3, 1), today=today)
    [open_one] = reminders.list_reminders()
    assert (open_one.kind.value, open_one.due, open_one.contact_id) == ("thank-you", dt.date(2026, 3, 3), zoe.id)

    before = list(Reminder.select().order_by(Reminder.id).dicts())
    assert reminders.derive(today).changed == 0
    assert reminders.derive(today).changed == 0
    assert list(Reminder.select().order_by(Reminder.id).dicts()) == before

    recording.record_thanks(zoe.id, on=dt.date(2026, 3, 2), today=today)
    assert reminders.list_reminders() == []
    [closed] = reminders.list_reminders(include_closed=True)
    assert closed.uid == open_one.uid
    assert closed.status.value == "done"
    assert closed.sequence == open_one.sequence + 1


def test_done_and_snooze_survive_rederivation(store, today):
    ana = contacts.add_contact("Ana", today=today)
    recording.record_favour(ana.id, "a", on=today, today=today)
    recording.record_favour(ana.id, "b", on=today, today=today)
    first, second = reminders.list_reminders()
    reminders.mark_done(first.id, today=today)
    reminders.snooze(second.id, today + dt.timedelta(days=9), today=today)
    reminders.derive(today)
    statuses = {r.id: (r.status.value, r.due) for r in reminders.list_reminders(include_closed=True)}
    assert statuses[first.id][0] == "done"
    assert statuses[second.id] == ("snoozed", today + dt.timedelta(days=9))


def test_resolve_by_id_name_email_and_ambiguity(store, today):
    a = contacts.add_contact("José Núñez", today=today, emails=["Jose@Example.org"])
    assert contacts.resolve(str(a.id)) == a.id
    assert contacts.resolve("jose nunez") == a.id
    assert contacts.resolve("jose@example.org") == a.id
    contacts.add_contact("Jose Nunez", today=today)
    with pytest.raises(Ambiguous, match="id"):
        contacts.resolve("josé núñez")
    with pytest.raises(NotFound):
        contacts.resolve("nobody")


@pytest.mark.parametrize("query", ["angstrom", "ÅNGSTRÖM", "zoe", "ex", "example.org", "acme"])
def test_search_ignores_case_and_accents(store, today, query):
    contacts.add_contact("Zoë Ångström", today=today, emails=["zoe@example.org"], organisation="Acme")
    contacts.add_contact("Bob", today=today)
    assert [c.name for c in contacts.list_contacts(search=query)] == ["Zoë Ångström"]


def test_search_any_script(store, today):
    contacts.add_contact("山田太郎", today=today)
    contacts.add_contact("Иван Петров", today=today)
    assert [c.name for c in contacts.list_contacts(search="山田")] == ["山田太郎"]
    assert [c.name for c in contacts.list_contacts(search="太郎")] == ["山田太郎"]
    assert [c.name for c in contacts.list_contacts(search="петров")] == ["Иван Петров"]
