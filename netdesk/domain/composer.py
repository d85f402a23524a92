"""The invitation composer (PRODUCT.md habit 5): short, personal, and honest about how you know them.

The template is editable (stored in the settings). A line whose placeholders are all empty for this
contact is left out, so one template reads well whether or not the role or history is known.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

DEFAULT_TEMPLATE = """Hi {first_name},
We met {how_met}.
It was good to talk at our last {last_interaction}.
I hope all is going well in your role as {role}.
I would like to stay in touch. Would you have 20 minutes for a catch-up in the coming weeks?"""

FIELDS = ("first_name", "name", "how_met", "role", "title", "organisation", "last_interaction",
          "last_interaction_date")


@dataclass(frozen=True, slots=True)
class ComposeFacts:
    name: str
    first_name: str = ""
    how_met: str = ""
    title: str = ""
    organisation: str = ""
    last_kind: str = ""
    last_on: str = ""

    def values(self) -> dict[str, str]:
        role = " at ".join(part for part in (self.title, self.organisation) if part)
        last = f"{self.last_kind} on {self.last_on}" if self.last_kind else ""
        first = self.first_name or (self.name.split() or [self.name])[0]
        return {"first_name": first,
                "name": self.name, "how_met": self.how_met.strip().rstrip("."), "role": role, "title": self.title,
                "organisation": self.organisation, "last_interaction": last, "last_interaction_date": self.last_on}


def placeholders(template: str) -> list[str]:
    return [field for _lit, field, _spec, _conv in string.Formatter().parse(template) if field is not None]


def check_template(template: str) -> None:
    """Raise ValueError naming what is wrong: an unknown placeholder or a broken brace."""
    try:
        names = placeholders(template)
    except ValueError as exc:
        raise ValueError(f"the template is not valid: {exc}") from None
    unknown = sorted({n for n in names if n not in FIELDS})
    if unknown:
        raise ValueError(f"unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)}; "
                         f"known: {', '.join('{' + f + '}' for f in FIELDS)}")


def compose(template: str, facts: ComposeFacts) -> tuple[str, list[str]]:
    """The message and its warnings (an empty how-we-met makes a message that is not personal)."""
    check_template(template)
    values = facts.values()
    lines = []
    for line in template.splitlines():
        names = placeholders(line)
        if names and not any(values[n] for n in names):
            continue
        lines.append(line.format(**values))
    warnings = []
    if not facts.how_met.strip():
        warnings.append(f"how-we-met is empty for {facts.name}, so the message does not say how you know them; "
                        f"add it with `netdesk contact set` --how-met")
    return "\n".join(lines), warnings
