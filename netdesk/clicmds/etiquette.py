"""`check-letter`, `goals`, `match`, `compose`, `tag every`, and the verb `contact set`.

Handlers import their services when they run: every command builds this parser, and the etiquette
services (peewee, the store) would add ~50 ms to each start of the CLI, `--help` included.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from netdesk.clicmds.base import Context, command, emit, parse_days, print_json, warn
from netdesk.domain.contact_values import check_emails
from netdesk.domain.dates import parse_date, parse_month
from netdesk.errors import InvalidValue


def register(sub: argparse._SubParsersAction) -> None:
    letter = command(sub, "check-letter", cmd_check_letter, json=True,
                     help="contacts named in a letter who have not cleared use of their name")
    letter.add_argument("file", type=Path)

    goals = command(sub, "goals", cmd_goals, help="progress on the monthly new-contacts goal", json=True)
    goals.add_argument("--month", metavar="YYYY-MM")

    match = command(sub, "match", cmd_match, json=True,
                    help="who would care about this article or invitation (give-back matcher)")
    match.add_argument("text", nargs="?", default="", help="the article's title or words")
    match.add_argument("--tag", action="append", default=[])
    match.add_argument("--limit", type=int, default=20)

    compose = command(sub, "compose", cmd_compose, help="draft a personal connection or catch-up message", json=True)
    compose.add_argument("contact", nargs="?")
    compose.add_argument("--template", type=Path, metavar="FILE", help="use this template once")
    compose.add_argument("--set-template", type=Path, metavar="FILE", help="save FILE as the template")
    compose.add_argument("--reset-template", action="store_true", help="go back to the default template")
    compose.add_argument("--show-template", action="store_true")

    tag = sub.add_parser("tag", help="tag settings")
    verbs = tag.add_subparsers(dest="verb", metavar="VERB", required=True)
    every = command(verbs, "every", cmd_tag_every,
                    help="keep-in-touch cadence for every contact with TAG (a contact's own wins)")
    every.add_argument("tag")
    every.add_argument("days", metavar="DAYS|none")


def register_contact_verbs(verbs: argparse._SubParsersAction) -> None:
    edit = command(verbs, "set", cmd_contact_set, json=True,
                   help="edit a contact's cadence, tags, name permission, how-we-met")
    edit.add_argument("contact")
    edit.add_argument("--every", metavar="DAYS|none")
    edit.add_argument("--tag", action="append", default=[])
    edit.add_argument("--untag", action="append", default=[])
    permission = edit.add_mutually_exclusive_group()
    permission.add_argument("--name-ok", dest="name_ok", action="store_const", const=True)
    permission.add_argument("--name-not-ok", dest="name_ok", action="store_const", const=False)
    edit.add_argument("--how-met", metavar="TEXT")
    edit.add_argument("--met-on", metavar="DATE|none")
    edit.add_argument("--introduced-by", metavar="CONTACT|none")
    edit.add_argument("--org")
    edit.add_argument("--title")
    edit.add_argument("--offer", metavar="TEXT", help="your standing offer to return their favours")
    edit.add_argument("--birthday", metavar="MM-DD|YYYY-MM-DD|none", help="gives a yearly birthday reminder")
    edit.add_argument("--anniversary", metavar="MM-DD|YYYY-MM-DD|none",
                      help="the day you started working together: gives a yearly anniversary reminder")
    edit.add_argument("--email", action="append", default=[], help="adds an email address")


def _print_rows(rows: Sequence, as_json: bool, line: Callable[[object], str], none: str = "") -> int:
    """A list command's output: a JSON list of the rows, else one line a row (or `none` when empty)."""
    if as_json:
        print_json([row.to_json() for row in rows])
        return 0
    for row in rows:
        print(line(row))
    if none and not rows:
        print(none)
    return 0


def _read_text(path: Path) -> str:
    from netdesk.services import etiquette

    return etiquette.read_letter(path)


def cmd_check_letter(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import etiquette

    text = _read_text(args.file)
    ctx.open()
    return _print_rows(etiquette.check_letter(text), args.json,
                       lambda c: f"{c.id:>6}  {c.name}  (has not cleared the use of their name)",
                       none="no contact without permission is named")


def cmd_goals(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import etiquette

    year, month = parse_month(args.month) if args.month else (ctx.today.year, ctx.today.month)
    ctx.open()
    progress = etiquette.goal_progress(year, month)
    return emit(args, {**progress.to_json(), "warnings": []},
                f"{progress.label}: {progress.new_contacts} of {progress.target} new contacts"
                + ("" if progress.remaining else " (goal met)"))


def cmd_match(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import etiquette

    if args.limit <= 0:
        raise InvalidValue("--limit must be positive")
    ctx.open()
    return _print_rows(etiquette.match(args.text, tags=args.tag, limit=args.limit), args.json,
                       lambda m: f"{m.contact_id:>6}  {m.name}  [{m.score}] {'; '.join(m.reasons)}")


def cmd_compose(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, etiquette

    once = _read_text(args.template) if args.template else None
    saved = _read_text(args.set_template) if args.set_template else None
    ctx.open()
    if saved is not None or args.reset_template:
        etiquette.set_template(saved)
    if args.show_template:
        print(etiquette.template())
    if args.contact is None:
        if not (args.show_template or saved is not None or args.reset_template):
            raise InvalidValue("name the CONTACT to write to")
        return 0
    text, warnings = etiquette.compose(contacts.resolve(args.contact), template_text=once)
    for message in warnings:
        warn(message)
    return emit(args, {"text": text, "warnings": warnings}, text)


def cmd_tag_every(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import etiquette

    days = parse_days(args.days, "DAYS")
    ctx.open()
    etiquette.tag_every(args.tag, days, today=ctx.today)
    count = etiquette.tag_size(args.tag)
    print(f"tag {args.tag}: every {days} days for {count} contacts" if days else
          f"tag {args.tag}: no cadence ({count} contacts)")
    return 0


def _birthday(value: str, what: str = "a birthday") -> str | None:
    from netdesk.domain.rules import parse_birthday

    try:
        return parse_birthday(value)
    except ValueError as exc:
        raise InvalidValue(str(exc).replace("a birthday", what)) from None


def cmd_contact_set(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, etiquette

    changes: dict = {}
    if args.every is not None:
        changes["every_days"] = parse_days(args.every, "--every")
    if args.met_on is not None:
        changes["met_on"] = None if args.met_on.lower() == "none" else parse_date(args.met_on, what="--met-on")
    if args.birthday is not None:
        changes["birthday"] = _birthday(args.birthday)
    if args.anniversary is not None:
        changes["anniversary"] = _birthday(args.anniversary, "an anniversary")
    if args.email:
        changes["add_emails"] = check_emails([address.strip() for address in args.email])
    ctx.open()
    contact = contacts.resolve(args.contact)
    if args.introduced_by is not None:
        changes["introduced_by"] = (None if args.introduced_by.lower() == "none"
                                    else contacts.resolve(args.introduced_by))
    etiquette.set_contact(
        contact, today=ctx.today, add_tags=args.tag, remove_tags=args.untag, name_ok=args.name_ok,
        how_met=args.how_met, organisation=args.org, title=args.title, offer=args.offer, **changes,
    )
    updated = contacts.get(contact)
    return emit(args, updated.to_json(), f"updated {updated.name} (id {updated.id})")
