"""The words each habit calls for, per reminder kind: the default templates and their placeholders.

A template is a subject and a body with `{placeholders}`. The user may edit both (Preferences,
Templates); an unknown placeholder or a broken brace is refused, as the invitation template is.
A body line whose placeholders are not all known for this reminder is left out, so one template reads
well whether or not the facts behind a line exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.domain.composer import placeholders
from netdesk.domain.kinds import ReminderKind as K

COMMON = ("first_name", "name", "signature")

# Each kind's own facts, after the common ones. Every placeholder here has a description for the editor.
FIELDS: dict[K, tuple[str, ...]] = {
    K.THANK_YOU: COMMON + ("occasion", "what", "when", "offer"),
    K.FOLLOW_UP: COMMON + ("what", "when", "giver"),
    K.CLOSE_THE_LOOP: COMMON + ("what", "when", "outcome"),
    K.EXPECT_CALL: COMMON + ("seeker", "seeker_role", "why", "when", "permission"),
    K.CHECK_BACK: COMMON + ("target", "target_role", "when"),
    K.KEEP_IN_TOUCH: COMMON + ("share", "share_link", "news", "last_on", "last_note"),
    K.PREPARE: COMMON + ("meeting_day", "brief"),
    K.BIRTHDAY: COMMON + ("news",),
    K.ANNIVERSARY: COMMON + ("news",),
}

DESCRIPTIONS: dict[str, str] = {
    "first_name": "how you greet them (their given name, else their name)",
    "name": "their full display name",
    "signature": "your name, from Preferences",
    "occasion": "what you thank them for (the favour you did me, the lead you gave me, ...)",
    "what": "the favour, the lead or the ask, in your words",
    "when": "the day it happened (3 March)",
    "offer": "the standing offer to return the favour (theirs, else yours from Preferences)",
    "giver": "who gave you the lead (only when they cleared the use of their name)",
    "outcome": "how the lead turned out",
    "seeker": "the person who will call them",
    "seeker_role": "the caller's title and organisation",
    "why": "why the caller will call (the referral's note)",
    "permission": "a thank-you for letting you pass on their name (when they cleared it)",
    "target": "the person you introduced them to",
    "target_role": "that person's title and organisation",
    "share": "something you passed on lately that matches their tags and interests",
    "share_link": "its link",
    "news": "your latest news, from Preferences",
    "last_on": "the day you were last in touch",
    "last_note": "what you noted then",
    "meeting_day": "the meeting's day",
    "brief": "the meeting brief",
}


@dataclass(frozen=True, slots=True)
class Template:
    subject: str
    body: str

    def to_json(self) -> dict:
        return {"subject": self.subject, "body": self.body}


_SIGN = "\nBest wishes,\n{signature}"

DEFAULTS: dict[K, Template] = {
    K.THANK_YOU: Template(
        "Thank you, {first_name}",
        "Hi {first_name},\n\nThank you for {occasion} on {when}: {what}.\nIt made a real difference to me.\n"
        "{offer}\n" + _SIGN),
    K.FOLLOW_UP: Template(
        "{giver} suggested I get in touch",
        "Hello,\n\nI am writing about {what}.\n{giver} suggested I get in touch with you.\n"
        "Would you have a few minutes for a short call in the coming days?\n" + _SIGN),
    K.CLOSE_THE_LOOP: Template(
        "How your lead turned out",
        "Hi {first_name},\n\nOn {when} you gave me a lead: {what}.\nI wanted to tell you how it turned out: "
        "{outcome}.\nThank you again for thinking of me.\n" + _SIGN),
    K.EXPECT_CALL: Template(
        "{seeker} will be in touch",
        "Hi {first_name},\n\nA quick heads-up: I gave {seeker} your name, and they will call you soon.\n"
        "{seeker} is {seeker_role}.\nThey would like to talk about {why}.\n{permission}\n"
        "If the timing is bad, just say so and I will let them know.\n" + _SIGN),
    K.CHECK_BACK: Template(
        "Did {target} help?",
        "Hi {first_name},\n\nOn {when} I gave you the name of {target}.\n"
        "Did you manage to talk, and did it help?\nIf there is anything more I can do, just let me know.\n"
        + _SIGN),
    K.KEEP_IN_TOUCH: Template(
        "Hello from {signature}",
        "Hi {first_name},\n\nIt has been a while, and I wanted to say hello.\n"
        "When we were last in touch ({last_on}) you mentioned {last_note}: how is that going?\n"
        "I thought of you when I came across “{share}”.\n{share_link}\nMy own news: {news}\n"
        "How are things with you?\n" + _SIGN),
    K.PREPARE: Template("Brief: meeting with {name} on {meeting_day}", "{brief}"),
    K.BIRTHDAY: Template(
        "Happy birthday, {first_name}!",
        "Hi {first_name},\n\nHappy birthday! I hope you have a wonderful day and a very good year ahead.\n" + _SIGN),
    K.ANNIVERSARY: Template(
        "Another year of working together",
        "Hi {first_name},\n\nIt is another year today since we started working together: thank you for it.\n"
        "My own news: {news}\nI hope the year ahead is a very good one for you.\n" + _SIGN),
}

# When a subject's facts are missing, the kind's plain subject is used instead.
PLAIN_SUBJECTS: dict[K, str] = {
    K.THANK_YOU: "Thank you", K.FOLLOW_UP: "Getting in touch", K.CLOSE_THE_LOOP: "How your lead turned out",
    K.EXPECT_CALL: "A heads-up", K.CHECK_BACK: "Checking in", K.KEEP_IN_TOUCH: "Hello",
    K.PREPARE: "Meeting brief", K.BIRTHDAY: "Happy birthday!", K.ANNIVERSARY: "Another year of working together",
}


def check(kind: K, template: Template) -> None:
    """Raise ValueError naming what is wrong: an unknown placeholder, a broken brace, an empty body."""
    if not template.body.strip():
        raise ValueError("the message body is empty")
    known = FIELDS[kind]
    for part, text in (("subject", template.subject), ("body", template.body)):
        try:
            names = placeholders(text)
        except ValueError as exc:
            raise ValueError(f"the {part} is not a valid template: {exc}") from None
        unknown = sorted({n for n in names if n not in known})
        if unknown:
            raise ValueError(f"unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)} in the {part} "
                             f"of the {kind.value} template; known: {', '.join('{' + f + '}' for f in known)}")


def fill(kind: K, template: Template, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body): body lines with a missing fact are left out, blank runs collapse to one."""
    check(kind, template)
    subject_names = placeholders(template.subject)
    if all(values.get(n) for n in subject_names):
        subject = " ".join(template.subject.format_map(values).split())
    else:
        subject = PLAIN_SUBJECTS[kind]
    lines: list[str] = []
    for line in template.body.splitlines():
        names = placeholders(line)
        if names and not all(values.get(n) for n in names):
            continue
        text = line.format_map(values).rstrip()
        if not text and (not lines or not lines[-1]):
            continue
        lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return subject or PLAIN_SUBJECTS[kind], "\n".join(lines)
