"""A seeded synthetic professional network: the same seed, size and `today` always give the same network.

Contacts are generated one by one from their own seeded random stream, so writing only the contacts
(vCard, vdir, LinkedIn CSV) never has to draw the 1M interactions. Activity (interactions, favours,
leads, referrals, asks, gives, meetings) comes from a second stream, as rows ready for the store.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from netdesk.domain.text import fold
from netdesk.sample import words as w

SEED = 20260310
MAX_CONTACTS = 100_000
MAX_INTERACTIONS = 1_000_000
# A fixed namespace so that vCard UIDs are stable across runs and machines.
_UID_NAMESPACE = uuid.UUID("6f1d7c2e-1b7a-4e44-9a57-5e2f3c1d0a77")


@dataclass(frozen=True, slots=True)
class SampleContact:
    """One person; `index` counts from 1 and is the contact's id in a fresh store."""

    index: int
    uid: str
    name: str
    given_name: str
    family_name: str
    phonetic_given: str
    phonetic_family: str
    script: str
    organisation: str
    department: str
    title: str
    email: str
    phone: str
    linkedin_url: str
    tags: tuple[str, ...]
    every_days: int | None
    how_met: str
    met_on: dt.date | None
    created_on: dt.date
    strength: int
    notes: str
    birthday: str | None
    introduced_by: int | None  # index of another sample contact


@dataclass(frozen=True)
class Network:
    """The recipe for one network. Contacts are built once and cached; activity is streamed."""

    size: int
    interactions: int
    today: dt.date
    seed: int = SEED

    @cached_property
    def contacts(self) -> list[SampleContact]:
        return [_contact(self.seed, i, self.size, self.today) for i in range(1, self.size + 1)]

    # Activity: each method yields tuples in the column order of its store table (without id);
    # contact references are sample indexes (1..size).

    def _rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}/{stream}/{self.size}/{self.interactions}")

    def _someone(self, rng: random.Random) -> int:
        # Skewed toward low indexes: a few people get most of the attention, as in real networks.
        return 1 + int(self.size * rng.random() ** 2.2)

    def _past(self, rng: random.Random, within_days: int) -> dt.date:
        return self.today - dt.timedelta(days=rng.randrange(within_days))

    def _count(self, per_contact: float) -> int:
        return max(1, round(self.size * per_contact))

    def interaction_rows(self) -> Iterator[tuple[int, str, dt.date, str]]:
        """(contact, kind, on_date, note)."""
        rng = self._rng("interaction")
        kinds, notes = w.INTERACTION_KINDS, w.INTERACTION_NOTES
        for _ in range(self.interactions):
            yield (self._someone(rng), rng.choice(kinds), self._past(rng, 1100), rng.choice(notes))

    def favour_rows(self) -> Iterator[tuple[int, str, dt.date, dt.date | None]]:
        """(contact, text, on_date, thanked_on): most favours are thanked within a few days."""
        rng = self._rng("favour")
        for _ in range(self._count(0.3)):
            on = self._past(rng, 400)
            thanked = on + dt.timedelta(days=rng.randrange(5)) if rng.random() < 0.75 else None
            yield (self._someone(rng), rng.choice(w.FAVOURS), on, thanked if thanked and thanked <= self.today else None)

    def thanks_rows(self) -> Iterator[tuple[int, dt.date, str]]:
        """(contact, on_date, note) for every thanked favour, so history and favours agree."""
        for cid, text, _on, thanked in self.favour_rows():
            if thanked is not None:
                yield (cid, thanked, f"Thanks for: {text}")

    def lead_rows(self) -> Iterator[tuple]:
        """(contact, text, on_date, thanked_on, outcome, outcome_on, reported_on)."""
        rng = self._rng("lead")
        for _ in range(self._count(0.1)):
            on = self._past(rng, 365)
            outcome = rng.choice(w.LEAD_OUTCOMES)
            outcome_on = min(self.today, on + dt.timedelta(days=rng.randrange(7, 60))) if outcome else None
            reported = outcome_on + dt.timedelta(days=rng.randrange(4)) if outcome_on and rng.random() < 0.6 else None
            thanked = on + dt.timedelta(days=rng.randrange(3)) if rng.random() < 0.7 else None
            yield (self._someone(rng), rng.choice(w.LEADS), on, _cap(thanked, self.today), outcome, outcome_on,
                   _cap(reported, self.today))

    def referral_rows(self) -> Iterator[tuple[int, int, dt.date, str]]:
        """(seeker, target, on_date, note): the seeker asked to be introduced to the target."""
        if self.size < 2:
            return
        rng = self._rng("referral")
        for _ in range(self._count(0.05)):
            seeker = self._someone(rng)
            target = 1 + (seeker + rng.randrange(self.size - 1)) % self.size
            yield (seeker, target, self._past(rng, 365), rng.choice(w.REFERRAL_NOTES))

    def ask_rows(self) -> Iterator[tuple]:
        """(contact, purpose, effort, on_date, status, resolved_on)."""
        rng = self._rng("ask")
        for _ in range(self._count(0.2)):
            on = self._past(rng, 300)
            status = rng.choice(w.ASK_STATUSES)
            resolved = None if status == "open" else _cap(on + dt.timedelta(days=rng.randrange(1, 30)), self.today)
            yield (self._someone(rng), rng.choice(w.ASKS), rng.choice(w.EFFORTS), on, status, resolved)

    def give_rows(self) -> Iterator[tuple]:
        """(contact, text, kind, link, on_date)."""
        rng = self._rng("give")
        for n in range(self._count(0.2)):
            kind, text = rng.choice(w.GIVES)
            link = f"https://example.org/reading/{n}" if kind == "article" else None
            yield (self._someone(rng), text, kind, link, self._past(rng, 365))

    def meeting_rows(self) -> Iterator[tuple]:
        """(contact, at, tzid, duration_minutes, referred_by, purpose, location, notes); a third are ahead."""
        rng = self._rng("meeting")
        for _ in range(self._count(0.1)):
            day = self.today + dt.timedelta(days=rng.randrange(-180, 60))
            tzid = rng.choice(w.TIMEZONES)
            # Stored as the meetings service stores it: local time with its UTC offset, and the zone's key.
            at = dt.datetime(day.year, day.month, day.day, rng.choice((8, 9, 10, 11, 13, 14, 15, 16)),
                             rng.choice((0, 30)), tzinfo=_zone(tzid)).isoformat(timespec="seconds")
            referred = self._someone(rng) if rng.random() < 0.2 else None
            who = self._someone(rng)
            yield (who, at, tzid, rng.choice((30, 45, 60, 90)), referred if referred != who else None,
                   rng.choice(w.MEETING_PURPOSES), rng.choice(w.LOCATIONS), "")


@lru_cache(maxsize=32)
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


@lru_cache(maxsize=16384)  # bounded: display names are pool combinations
def folded(text: str) -> str:
    """`fold` for the word pools: a few hundred distinct strings, folded once instead of per contact."""
    return fold(text)


def _cap(day: dt.date | None, today: dt.date) -> dt.date | None:
    return None if day is None or day > today else day


def generate(size: int, today: dt.date, *, interactions: int | None = None, seed: int = SEED) -> Network:
    """The network of `size` contacts (100 to 100k) and `interactions` (default 10 per contact, ≤ 1M)."""
    if not 1 <= size <= MAX_CONTACTS:
        raise ValueError(f"size must be between 1 and {MAX_CONTACTS}, not {size}")
    count = size * 10 if interactions is None else interactions
    if not 0 <= count <= MAX_INTERACTIONS:
        raise ValueError(f"interactions must be between 0 and {MAX_INTERACTIONS}, not {count}")
    return Network(size=size, interactions=count, today=today, seed=seed)


def _contact(seed: int, index: int, size: int, today: dt.date) -> SampleContact:
    rng = random.Random(f"{seed}/contact/{index}")
    script = rng.choices(w.SCRIPTS, weights=w.SCRIPT_WEIGHTS)[0]
    given, family, phon_given, phon_family, name = w.person(rng, script)
    org, domain = rng.choice(w.ORGANISATIONS)
    department = rng.choice(w.DEPARTMENTS)
    words = [folded(part) for part in (phon_given or given, phon_family or family)]
    words = ["".join(ch for ch in word if ch.isascii() and ch.isalnum()) for word in words]
    # Scripts without a romanised form here (Cyrillic, Greek, Arabic) get a neutral handle.
    ascii_slug = "-".join(word for word in words if word) or "contact"
    tags = tuple(sorted(set(rng.sample(w.TAGS, rng.choice((0, 1, 1, 2, 2, 3))))))
    met_on = today - dt.timedelta(days=rng.randrange(3650)) if rng.random() < 0.8 else None
    created = (met_on or today - dt.timedelta(days=rng.randrange(900))) + dt.timedelta(days=rng.randrange(3))
    created = min(created, today)
    bday = None
    if rng.random() < 0.3:
        month_day = f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        # A third have no year, as phones and Apple export them (`--MM-DD`).
        bday = f"--{month_day}" if rng.random() < 0.33 else f"{rng.randrange(1955, 2002)}-{month_day}"
    introduced = rng.randrange(1, index) if index > 1 and rng.random() < 0.15 else None
    return SampleContact(
        index=index,
        uid=str(uuid.uuid5(_UID_NAMESPACE, f"{seed}/{index}")),
        name=name,
        given_name=given,
        family_name=family,
        phonetic_given=phon_given,
        phonetic_family=phon_family,
        script=script,
        organisation=org,
        department=department,
        title=rng.choice(w.TITLES),
        email=f"{ascii_slug.replace('-', '.')}.{index}@{domain}",
        phone=f"+{rng.choice(w.COUNTRY_CODES)} {rng.randrange(20, 99)} {rng.randrange(1000, 9999)} {index % 10000:04d}",
        linkedin_url=f"https://www.linkedin.com/in/{ascii_slug}-s{seed % 10000}x{index}",
        tags=tags,
        every_days=rng.choice(w.CADENCES) if rng.random() < 0.3 else None,
        how_met=rng.choice(w.HOW_MET),
        met_on=met_on,
        created_on=created,
        strength=rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5)),
        notes=rng.choice(w.NOTES) if rng.random() < 0.5 else "",
        birthday=bday,
        introduced_by=introduced,
    )
