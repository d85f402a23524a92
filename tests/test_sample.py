"""The synthetic network: deterministic, sized as asked, and every writer's output parses back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import icalendar
import pytest
import vobject

from netdesk.domain.text import fold
from netdesk.exchange.ics import IcsOptions
from netdesk.sample import (
    SAMPLE_TAG,
    generate,
    linkedin_csv_text,
    load_sample,
    remove_sample,
    sample_loaded,
    write_linkedin_csv,
    write_store,
    write_vcard,
    write_vdir,
)
from netdesk.services import calendar
from netdesk.services.reminders import list_reminders
from netdesk.store import contacts as store_contacts
from netdesk.store.models import Contact, Interaction, Tag, database


def _count(table: str) -> int:
    return database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_same_seed_gives_the_same_network(today):
    one, two = generate(300, today), generate(300, today)
    assert one.contacts == two.contacts
    assert list(one.interaction_rows()) == list(two.interaction_rows())
    assert list(one.meeting_rows()) == list(two.meeting_rows())
    other = generate(300, today, seed=7)
    assert [c.name for c in other.contacts] != [c.name for c in one.contacts]


def test_sizes_and_defaults(today):
    net = generate(100, today)
    assert len(net.contacts) == 100
    assert sum(1 for _ in net.interaction_rows()) == 1000
    assert sum(1 for _ in generate(100, today, interactions=5).interaction_rows()) == 5
    with pytest.raises(ValueError):
        generate(100_001, today)
    with pytest.raises(ValueError):
        generate(100, today, interactions=1_000_001)


def test_network_is_varied(today):
    net = generate(2000, today)
    scripts = {c.script for c in net.contacts}
    assert scripts == {"latin", "japanese", "chinese", "korean", "cyrillic", "greek", "arabic"}
    assert any(not c.name.isascii() and fold(c.name).isascii() for c in net.contacts)  # Latin diacritics
    assert len({c.organisation for c in net.contacts}) > 10
    assert any(c.every_days for c in net.contacts) and any(c.tags for c in net.contacts)
    assert all(c.created_on <= today and (c.met_on is None or c.met_on <= today) for c in net.contacts)
    assert len({c.linkedin_url for c in net.contacts}) == 2000
    outcomes = {row[4] for row in net.lead_rows()}
    assert None in outcomes and "hired" in outcomes
    assert all(seeker != target for seeker, target, _d, _n in net.referral_rows())
    assert {row[4] for row in net.ask_rows()} >= {"open", "granted"}


def test_store_writer_matches_the_network_and_search_finds_it(store, today):
    net = generate(500, today)
    written = write_store(net)
    assert (written.first_id, written.last_id) == (1, 500)
    assert _count("contact") == 500 and _count("interaction") == 5000
    assert _count("favour") == written.counts["favour"] > 0
    for table in ("lead", "referral", "ask", "give", "meeting", "thanks", "email", "phone"):
        assert _count(table) > 0, table
    # search text is the same as the store computes, so FTS matches
    before = {c.id: c.search_text for c in Contact.select(Contact.id, Contact.search_text)}
    store_contacts.search_text_for(list(before))
    after = {c.id: c.search_text for c in Contact.select(Contact.id, Contact.search_text)}
    assert before == after
    target = net.contacts[41]
    found = Contact.select(Contact.id).where(store_contacts.search_condition(target.family_name + " " + target.given_name))
    assert 42 in {c.id for c in found}
    # the interaction trigger kept last_contacted true
    latest = max(d for cid, _k, d, _n in net.interaction_rows() if cid == 1)
    assert Contact.get_by_id(1).last_contacted == latest
    assert Interaction.select().where(Interaction.contact == 1).count() > 10


def test_vcard_file_parses_back(tmp_path, today):
    net = generate(150, today)
    path = write_vcard(net, tmp_path / "all.vcf")
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert [card.fn.value for card in cards] == [c.name for c in net.contacts]
    assert [card.uid.value for card in cards] == [c.uid for c in net.contacts]
    tagged = next(c for c in net.contacts if c.tags)
    card = cards[tagged.index - 1]
    assert card.categories.value == list(tagged.tags)
    assert card.email.value == tagged.email and card.org.value[0] == tagged.organisation


def test_vdir_has_one_card_per_contact(tmp_path, today):
    net = generate(120, today)
    folder = write_vdir(net, tmp_path / "vdir")
    files = sorted(folder.glob("*.vcf"))
    assert len(files) == 120
    names = {vobject.readOne(f.read_text(encoding="utf-8")).fn.value for f in files}
    assert names == {c.name for c in net.contacts}


def test_linkedin_csv_has_preamble_and_parses_back(tmp_path, today):
    net = generate(100, today)
    path = write_linkedin_csv(net, tmp_path / "Connections.csv")
    text = path.read_bytes().decode("utf-8")  # read_text would turn CRLF into LF
    assert text.startswith("Notes:\r\n")
    assert text == linkedin_csv_text(net)
    lines = text.split("\r\n")
    header_at = lines.index("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    assert lines[header_at - 1] == ""
    rows = list(csv.DictReader(io.StringIO("\r\n".join(lines[header_at:]))))
    assert len(rows) == 100
    assert [r["URL"] for r in rows] == [c.linkedin_url for c in net.contacts]
    assert any(r["Email Address"] for r in rows) and any(not r["Email Address"] for r in rows)
    for row in rows:
        dt.datetime.strptime(row["Connected On"], "%d %b %Y")


def test_load_and_remove_sample_leave_the_users_data(store, today):
    own = Contact.create(name="Own Person", created_on=today, updated_at="x", search_text="own person")
    written = load_sample(today, 100)
    assert sample_loaded()["first_id"] == own.id + 1 == written.first_id
    assert _count("contact") == 101
    assert any(r.contact_id and r.contact_id > own.id for r in list_reminders())
    assert Tag.get(Tag.name == SAMPLE_TAG)
    with pytest.raises(Exception, match="already loaded"):
        load_sample(today, 100)
    assert remove_sample(today) == 100
    assert [c.name for c in Contact.select()] == ["Own Person"]
    assert _count("interaction") == 0 and _count("favour") == 0 and _count("referral") == 0
    assert not any(r.contact_id for r in list_reminders(include_closed=True))
    assert sample_loaded() is None and Tag.get_or_none(Tag.name == SAMPLE_TAG) is None
    assert remove_sample() == 0


def test_big_batches_are_indexed_for_search_and_keep_the_trigger(store, today):
    """From 2000 contacts the writer indexes search in one FTS rebuild; search and the trigger still work."""
    net = generate(2500, today, interactions=0)
    write_store(net)
    target = net.contacts[2399]
    found = Contact.select(Contact.id).where(store_contacts.search_condition(target.email))
    assert [c.id for c in found] == [2400]
    triggers = {name for (name,) in database.execute_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "contact_fts_ai" in triggers
    new = Contact.create(name="Zebedee Quixotic", created_on=today, updated_at="x", search_text="zebedee quixotic")
    assert [c.id for c in Contact.select(Contact.id).where(store_contacts.search_condition("quixotic"))] == [new.id]


def test_a_loaded_sample_goes_through_the_calendar_and_the_cli(store, today, tmp_path, cli):
    """The sample's records are what the services expect: meetings with offsets export, the CLI lists them."""
    load_sample(today, 150)
    count = calendar.export_ics(tmp_path / "out.ics", IcsOptions(), today)
    parsed = icalendar.Calendar.from_ical((tmp_path / "out.ics").read_bytes())
    assert count == len(parsed.walk("VEVENT")) > 0
    assert any(str(e.get("summary", "")).startswith(("Thank", "Prepare", "Meet")) for e in parsed.walk("VEVENT"))
    database.close()
    listed = cli("contact", "list", "--tag", SAMPLE_TAG, "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 150
