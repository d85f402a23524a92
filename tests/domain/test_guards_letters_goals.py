"""The pushiness guard, name permission in letters, the monthly goal, the matcher and the composer."""

import datetime as dt

import pytest

from netdesk.domain import composer, goals, letters, matcher
from netdesk.domain.guards import ask_warnings
from netdesk.domain.ids import AskId, ContactId, GiveId
from netdesk.domain.kinds import AskStatus
from netdesk.domain.records import Ask, Give
from netdesk.domain.rules import RuleSettings

ON = dt.date(2026, 3, 10)


def _ask(n, on, status=AskStatus.GRANTED):
    return Ask(AskId(n), ContactId(1), "p", on, status=status)


def _give(n, on):
    return Give(GiveId(n), ContactId(1), "g", on)


def test_first_ask_never_warns():
    assert ask_warnings("Ana", ON, [], [], RuleSettings()) == []


def test_each_warning_for_its_own_reason():
    s = RuleSettings()
    [open_ask] = ask_warnings("Ana", ON, [_ask(1, ON - dt.timedelta(days=200), AskStatus.OPEN)],
                              [_give(1, ON), _give(2, ON)], s)
    assert "open ask" in open_ask
    [recent] = ask_warnings("Ana", ON, [_ask(1, ON - dt.timedelta(days=10)), _ask(2, ON - dt.timedelta(days=90))],
                            [_give(1, ON), _give(2, ON)], s)
    assert "2 asks" in recent
    [balance] = ask_warnings("Ana", ON, [_ask(1, ON - dt.timedelta(days=300))], [], s)
    assert "outweigh" in balance
    assert ask_warnings("Ana", ON, [_ask(1, ON - dt.timedelta(days=300))], [_give(1, ON - dt.timedelta(days=5))], s) == []
    assert ask_warnings("Ana", ON, [_ask(1, ON - dt.timedelta(days=400))], [], s) == []


@pytest.mark.parametrize("letter, named", [
    ("I spoke with ZOË ÅNGSTRÖM-NÚÑEZ.", True),
    ("I spoke with zoe   angstrom-nunez", True),
    ("Ångström-Núñez, Zoë suggested", True),
    ("Zoë said hello", False),
    ("zoe angstrom-nunezz", False),
    ("Dear 山田 太郎さん", True),
])
def test_names_in_letters(letter, named):
    people = [letters.NameForms(1, "Zoë Ångström-Núñez", "Zoë", "Ångström-Núñez"),
              letters.NameForms(2, "山田太郎", "太郎", "山田"), letters.NameForms(3, "Ana", "Ana", "")]
    found = letters.named_in(letter, people)
    assert bool(found) is named
    assert 3 not in letters.named_in("Ana wrote", people)


def test_unspaced_display_name_matches_whatever_the_spacing():
    only_display = [letters.NameForms(4, "鈴木一郎")]
    assert letters.named_in("拝啓 鈴木 一郎さん", only_display) == [4]
    assert letters.named_in("拝啓 鈴木さん", only_display) == []


def test_goal_counts_met_on_else_created():
    progress = goals.progress(2026, 1, 3, [(dt.date(2026, 1, 5), dt.date(2026, 3, 1)), (None, dt.date(2026, 1, 31)),
                                           (dt.date(2025, 12, 1), dt.date(2026, 1, 2)), (None, dt.date(2026, 2, 1))])
    assert progress.to_json()["new_contacts"] == 2 and progress.to_json()["month"] == "2026-01"
    assert goals.month_bounds(2026, 12) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))


def test_goal_never_counts_the_day_of_an_import():
    imported = [(None, dt.date(2026, 1, 10), False)] * 59
    met = [(dt.date(2026, 1, 5), dt.date(2026, 1, 10), False), (None, dt.date(2026, 1, 12), True)]
    assert goals.progress(2026, 1, 3, imported + met).new_contacts == 2
    assert goals.counted_day(None, dt.date(2026, 1, 10), False) is None


def test_matcher_ranks_tags_over_organisation_over_notes():
    people = [matcher.Candidate(1, "Notes", notes="loves rust"), matcher.Candidate(2, "Tagged", tags=("Rust",)),
              matcher.Candidate(3, "Org", organisation="Rust Foundation"), matcher.Candidate(4, "None", notes="go")]
    ranked = matcher.rank(people, "The state of Rust in 2026")
    assert [m.name for m in ranked] == ["Tagged", "Org", "Notes"]
    assert ranked[0].reasons == ("tag Rust",)


def test_composer_uses_how_met_and_warns_without_it():
    facts = composer.ComposeFacts("Ana Lima", "Ana", "at PyCon", "CTO", "Acme", "call", "2026-03-01")
    text, warnings = composer.compose(composer.DEFAULT_TEMPLATE, facts)
    assert "We met at PyCon." in text and "CTO at Acme" in text and "call on 2026-03-01" in text
    assert warnings == []
    text, warnings = composer.compose(composer.DEFAULT_TEMPLATE, composer.ComposeFacts("Bob Smith"))
    assert text.startswith("Hi Bob,") and "We met" not in text and len(warnings) == 1
    with pytest.raises(ValueError, match="unknown placeholder"):
        composer.check_template("Hi {nickname}")
