"""The closed vocabularies of the domain. Their string values are part of the CLI and the schema."""

from __future__ import annotations

from enum import StrEnum


class ReminderKind(StrEnum):
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    CLOSE_THE_LOOP = "close-the-loop"
    EXPECT_CALL = "expect-call"
    CHECK_BACK = "check-back"
    KEEP_IN_TOUCH = "keep-in-touch"
    PREPARE = "prepare"
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"  # of working together, from the card (schema v8)


class ReminderStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in (ReminderStatus.OPEN, ReminderStatus.SNOOZED)


class InteractionKind(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    MESSAGE = "message"
    EVENT = "event"
    SOCIAL = "social"


class Effort(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class AskStatus(StrEnum):
    OPEN = "open"
    GRANTED = "granted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class GiveKind(StrEnum):
    ARTICLE = "article"
    EVENT = "event"
    INTRODUCTION = "introduction"
    ADVICE = "advice"
    ALTERNATIVE = "alternative"


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]
