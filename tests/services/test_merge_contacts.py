"""`contact merge`: every detail and all history move to the kept contact, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from netdesk.errors import InvalidValue, NotFound
from netdesk.services import contacts, merging
from netdesk.store.models import (
    Address,
    Ask,
    Contact,
    Favour,
    Give,
    Interaction,
    Lead,
    Meeting,
    Referral,
    Reminder,
    Thanks,
    Url,
    database,
)

D = dt.date(2026, 3, 1)


@pytest.fixture
def pair(store, today):
    keep = contacts.add_contact("Ann Apple", today=today, emails=["ann@a.org"], phones=["111 222 333"],
                                tags=["Speakers"], notes="Keeps bees")
    other = contacts.add_contact("Ann B. Apple", today=today - dt.timedelta(days=30), emails=["ann@b.org", "ann@a.org"],
                                 phones=["+44 20 7946 0018"], organisation="Acme", tags=["Clients"], notes="Likes tea",
                                 met_on=D)
    third = contacts.add_contact("Cid Coe", today=today)
    Contact.update(photo=b"\xff\xd8photo", photo_mime="image/jpeg", linkedin_url="https://www.linkedin.com/in/ann",
                   introduced_by=third.id).where(Contact.id == other.id).execute()
    Url.create(contact=other.id, value="https://ann.example", label="home")
    Address.create(contact=other.id, label="work", street="1 Loop Road", locality="London")
    Interaction.create(contact=other.id, kind="call", on_date=D)
    Favour.create(contact=other.id, text="intro to Bob", on_date=D)
    Thanks.create(contact=other.id, on_date=D)
    Lead.create(contact=other.id, text="a job", on_date=D)
    Ask.create(contact=other.id, purpose="advice", on_date=D)
    Give.create(contact=other.id, text="an article", on_date=D)
    Meeting.create(contact=third.id, at="2026-03-20T10:00:00+00:00", referred_by=other.id)
    Referral.create(seeker=other.id, target=third.id, on_date=D)
    Referral.create(seeker=keep.id, target=other.id, on_date=D, note="between the two")
    Contact.update(introduced_by=other.id).where(Contact.id == third.id).execute()
    return keep.id, other.id, third.id


def test_merge_keeps_everything(pair, today):
    keep, other, third = pair
    result = merging.merge_contacts(keep, other, today=today)
    assert Contact.get_or_none(Contact.id == other) is None
    merged = contacts.get(keep)
    assert merged.name == "Ann Apple"
    assert set(merged.emails) == {"ann@a.org", "ann@b.org"}
    assert set(merged.phones) == {"111 222 333", "+44 20 7946 0018"}
    assert set(merged.tags) == {"Speakers", "Clients"}
    assert "Keeps bees" in merged.notes and "Likes tea" in merged.notes
    assert "between the two" in merged.notes  # the self-referral is kept as text
    assert merged.organisation == "Acme" and merged.met_on == D
    assert merged.linkedin_url == "https://www.linkedin.com/in/ann"
    assert merged.created_on == today - dt.timedelta(days=30)
    row = Contact.get_by_id(keep)
    assert row.photo == b"\xff\xd8photo" and "Ann B. Apple" in row.extra
    assert [u.value for u in Url.select().where(Url.contact == keep)] == ["https://ann.example"]
    assert [(a.street, a.label) for a in Address.select().where(Address.contact == keep)] == [("1 Loop Road", "work")]
    for model in (Interaction, Favour, Thanks, Lead, Ask, Give):
        assert model.select().where(model.contact == keep).count() == 1, model
    assert Meeting.get().referred_by_id == keep
    assert Referral.get().seeker_id == keep
    assert Contact.get_by_id(third).introduced_by_id == keep
    assert Reminder.select().where(Reminder.contact == other).count() == 0
    assert Reminder.select().where(Reminder.contact == keep).count() >= 1  # the favour's thank-you
    assert result.moved["favour"] == 1


def test_merge_is_atomic(pair, today, monkeypatch):
    keep, other, _ = pair
    before = Favour.select().where(Favour.contact == other).count()

    def boom(_today):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("netdesk.services.reminders.derive", boom)
    with pytest.raises(RuntimeError):
        merging.merge_contacts(keep, other, today=today)
    assert Contact.get_or_none(Contact.id == other) is not None
    assert Favour.select().where(Favour.contact == other).count() == before
    assert database.connection().execute("SELECT count(*) FROM email WHERE contact_id = ?", (other,)).fetchone()[0] == 2


def test_merge_refuses_self_and_unknown(pair, today):
    keep, _, _ = pair
    with pytest.raises(InvalidValue):
        merging.merge_contacts(keep, keep, today=today)
    with pytest.raises(NotFound):
        merging.merge_contacts(keep, 9999, today=today)


def test_cli_merge(cli):
    cli("contact", "add", "Ann Apple", "--email", "ann@a.org")
    cli("contact", "add", "Ann Apple Work", "--email", "ann@work.org")
    done = cli("contact", "merge", "ann@a.org", "ann@work.org")
    assert done.returncode == 0, done.stderr
    listed = cli("contact", "list", "--json")
    import json

    (only,) = json.loads(listed.stdout)
    assert set(only["emails"]) == {"ann@a.org", "ann@work.org"}
    assert cli("contact", "merge", "1", "1").returncode == 1


def test_merge_names_the_kept_and_the_removed_contact(pair, today):
    keep, other, third = pair
    result = merging.merge_contacts(keep, other, today=today)
    assert keep in result.change.contacts and other not in result.change.contacts
    assert result.change.removed_contacts == {other}
    assert not result.change.everything
    assert result.change.touches_contact(other) and result.change.touches_contact(keep)
