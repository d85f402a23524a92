"""`contact show` as text (CLI.md): the contact, its notes, its whole history newest first, and its open
reminders. The same document as `--json` (`services.contacts.show`), laid out for reading."""

from __future__ import annotations

from collections.abc import Callable

_FIELDS = ("organisation", "title", "how_met", "met_on", "last_contacted", "every_days", "archived_on")
_LISTS = ("emails", "phones", "tags")


def _indent(text: str, prefix: str = "    ") -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def _events(data: dict, name_of: Callable[[int | None], str]) -> list[tuple[str, str]]:
    """(day, line) for every history record of the contact."""
    out: list[tuple[str, str]] = []
    for r in data.get("interactions", []):
        out.append((r["on"], f"{r['kind']}" + (f": {r['note']}" if r.get("note") else "")))
    for r in data.get("favours", []):
        thanked = f" (thanked {r['thanked_on']})" if r.get("thanked_on") else " (not thanked yet)"
        out.append((r["on"], f"favour received: {r['text']}{thanked}"))
    for r in data.get("thanks", []):
        out.append((r["on"], "thanks given" + (f": {r['note']}" if r.get("note") else "")))
    for r in data.get("leads", []):
        line = f"lead: {r['text']}"
        if r.get("outcome"):
            line += f"; outcome on {r['outcome_on']}: {r['outcome']}"
        if r.get("reported_on"):
            line += f"; told them on {r['reported_on']}"
        out.append((r["on"], line))
    for r in data.get("asks", []):
        resolved = f", {r['status']} on {r['resolved_on']}" if r.get("resolved_on") else f", {r['status']}"
        out.append((r["on"], f"ask ({r['effort']}): {r['purpose']}{resolved}"))
    for r in data.get("gives", []):
        out.append((r["on"], f"gave ({r['kind']}): {r['text']}" + (f" <{r['link']}>" if r.get("link") else "")))
    for r in data.get("referrals", []):
        out.append((r["on"], f"referral: gave {name_of(r['seeker_id'])} the name of {name_of(r['target_id'])}"))
    for r in data.get("meetings", []):
        line = "meeting" + (f": {r['purpose']}" if r.get("purpose") else "")
        if r.get("referred_by"):
            line += f" (referred by {name_of(r['referred_by'])})"
        out.append((str(r["at"])[:16].replace("T", " "), line))
    return sorted(out, key=lambda event: event[0], reverse=True)


def show_lines(data: dict, name_of: Callable[[int | None], str]) -> list[str]:
    """The lines `contact show CONTACT` prints; `name_of` names another contact by id."""
    lines = [f"{data['name']} (id {data['id']})"]
    for key in _FIELDS:
        if data.get(key) not in (None, "", []):
            label, value = ("keep in touch", f"every {data[key]} days") if key == "every_days" else \
                (key.replace("_", " "), data[key])
            lines.append(f"  {label}: {value}")
    for key in _LISTS:
        if data.get(key):
            lines.append(f"  {key}: {', '.join(data[key])}")
    if data.get("notes"):
        lines.append("  notes:")
        lines.extend(_indent(data["notes"]))
    balance = data.get("balance")
    if balance and (balance["asks"] or balance["gives"]):
        lines.append(f"  give and take: {balance['gives']} given, {balance['asks']} asked")
    events = _events(data, name_of)
    lines.append("  history:" if events else "  history: nothing recorded yet")
    for day, line in events:
        first, *rest = line.splitlines() or [""]
        lines.append(f"    {day}  {first}")
        lines.extend(" " * (6 + len(day)) + more for more in rest)
    reminders = data.get("reminders", [])
    if reminders:
        lines.append("  open reminders:")
        lines.extend(f"    due {r['due']}: {r['title']} [{r['kind']}]" for r in reminders)
    return lines
