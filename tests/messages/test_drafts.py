"""The drafts over any facts (hypothesis): no placeholder or empty value shows, no "None", a thank-you
always offers to return the favour, names in any script are greeted, and the mailto: URL carries the
body exactly."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

from hypothesis import given
from hypothesis import strategies as st

from netdesk.domain import drafts
from netdesk.domain.drafts import DraftFacts, Person, Preferences
from netdesk.domain.kinds import ReminderKind as K
from netdesk.domain.message_templates import DEFAULTS, FIELDS, placeholders
from tests.conftest import TODAY

# Names and words in many scripts; braces are left out so a "{" in the output can only be a placeholder.
letters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}")
word = st.text(letters, min_size=1, max_size=12).filter(lambda s: s.strip())
scripts = st.sampled_from(["Chloé Dubois", "山田太郎", "김민준", "Nguyễn Văn An", "Σωκράτης Παππάς", "Иван Петров",
                           "محمد علي", "Zoë", "Ólafur Arnalds", "Kovács János"])
name = st.one_of(scripts, word)
maybe = st.one_of(st.just(""), word)
day = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)))
person = st.builds(Person, name=name, given_name=maybe, title=maybe, organisation=maybe, name_ok=st.booleans(),
                   emails=st.lists(st.emails(), max_size=2).map(tuple))
facts = st.builds(
    DraftFacts, reminder_id=st.integers(1, 10**6), kind=st.sampled_from(list(K)), contact=person,
    source=st.sampled_from(["favour", "lead", "ask", "referral", "contact", "meeting", "birthday"]),
    what=maybe, on=day, ask_status=st.sampled_from(["", "granted", "declined"]), outcome=maybe,
    contact_offer=maybe, other=person, why=maybe, tags=st.lists(word, max_size=3).map(tuple), notes=maybe,
    shares=st.lists(st.tuples(word, st.one_of(st.none(), st.just("https://example.org/a"))), max_size=3).map(tuple),
    last_on=day, last_note=maybe, brief=maybe, meeting_day=day,
    preferences=st.builds(Preferences, signature=maybe, offer=maybe, news=maybe, my_email=st.one_of(
        st.just(""), st.emails())))


@given(facts)
def test_no_placeholder_none_or_empty_value_shows(f):
    found = drafts.draft(f, TODAY)
    text = found.subject + "\n" + found.body
    assert not re.search(r"\{[a-z_]*\}", text)
    assert "None" not in text or "None" in repr(f)
    assert found.subject.strip()
    values = drafts.values(f, TODAY)
    assert set(FIELDS[f.kind]) <= set(values) | {"giver"}
    # A line of the template is in the draft only when each of its facts is there: no empty slot.
    for line in DEFAULTS[f.kind].body.splitlines():
        names = placeholders(line)
        if names and not all(values.get(n) for n in names):
            literal = line.split("{", 1)[0].strip()
            assert not literal or all(not out.startswith(literal) or out.strip() == literal
                                      for out in found.body.splitlines()) or literal in repr(f)


@given(facts.map(lambda f: DraftFacts(**{**{s: getattr(f, s) for s in f.__slots__}, "kind": K.THANK_YOU})))
def test_every_thank_you_offers_to_return_the_favour(f):
    body = drafts.draft(f, TODAY).body
    offer = drafts.values(f, TODAY)["offer"]
    assert offer and offer in body.splitlines()
    if not f.contact_offer.strip() and not f.preferences.offer.strip():
        assert drafts.DEFAULT_OFFER in body


@given(facts.filter(lambda f: f.kind is not K.PREPARE and f.kind is not K.FOLLOW_UP))
def test_the_greeting_names_them_in_their_own_script(f):
    body = drafts.draft(f, TODAY).body
    greeted = drafts.greeting_name(f.contact)
    assert greeted and greeted in body
    assert greeted in " ".join(f.contact.name.split()) or greeted == f.contact.given_name.strip()


@given(facts)
def test_mailto_parses_back_to_the_draft(f):
    found = drafts.draft(f, TODAY)
    url = urllib.parse.urlsplit(found.mailto)
    assert url.scheme == "mailto"
    assert [urllib.parse.unquote(a) for a in url.path.split(",") if a] == list(found.to)
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    assert query["subject"] == [found.subject]
    assert query["body"] == [found.body]


def test_family_name_first_is_greeted_whole_and_western_by_given_name():
    assert drafts.greeting_name(Person("山田太郎")) == "山田太郎"
    assert drafts.greeting_name(Person("Nguyễn Văn An")) == "Văn An"  # Vietnamese: the given name, not the family's
    assert drafts.greeting_name(Person("Kovács János")) == "János"
    assert drafts.greeting_name(Person("Dr. Anna O'Brien, PhD")) == "Anna"
    assert drafts.greeting_name(Person("Zoë Ångström", given_name="Zoë")) == "Zoë"


def test_a_line_whose_fact_is_missing_is_left_out():
    bare = DraftFacts(1, K.EXPECT_CALL, Person("Chloé", name_ok=False, emails=("c@example.org",)),
                      other=Person("Kenji Sato"), on=TODAY)
    body = drafts.draft(bare, TODAY).body
    assert "Kenji Sato" in body and " is ." not in body and "talk about" not in body
    assert "Thank you for letting me pass on your name" not in body
    full = DraftFacts(1, K.EXPECT_CALL, Person("Chloé", name_ok=True), other=Person("Kenji Sato", title="CTO",
                      organisation="Initech"), why="a role in design", on=TODAY)
    body = drafts.draft(full, TODAY).body
    assert "Kenji Sato is CTO at Initech." in body
    assert "They would like to talk about a role in design." in body
    assert "Thank you for letting me pass on your name." in body


def test_follow_up_writes_to_the_address_in_the_lead_and_names_the_giver_only_with_permission():
    lead = DraftFacts(1, K.FOLLOW_UP, Person("Ana Silva", name_ok=False, emails=("ana@example.org",)),
                      source="lead", what="a job at Acme: write to jane@acme.com", on=TODAY)
    found = drafts.draft(lead, TODAY)
    assert found.to == ("jane@acme.com",)
    assert "Ana" not in found.body + found.subject
    assert any("not cleared" in w for w in found.warnings)
    allowed = drafts.draft(DraftFacts(**{**{s: getattr(lead, s) for s in lead.__slots__},
                                         "contact": Person("Ana Silva", name_ok=True)}), TODAY)
    assert "Ana Silva suggested I get in touch with you." in allowed.body


def test_keep_in_touch_offers_a_match_for_their_tags():
    hello = DraftFacts(1, K.KEEP_IN_TOUCH, Person("Kim", emails=("k@example.org",)), tags=("climate",),
                       shares=(("Climate finance in 2026", "https://example.org/c"), ("Rust tips", None)),
                       last_on=dt.date(2026, 1, 5), last_note="your new team")
    body = drafts.draft(hello, TODAY).body
    assert "“Climate finance in 2026”" in body and "https://example.org/c" in body
    assert "Rust tips" not in body
    assert "When we were last in touch (5 January) you mentioned your new team" in body
