"""`log`, `favour`, `thank`, `lead add|outcome|reported`, `refer`, `ask`, `ask resolve`, `give`, `meeting add|brief`."""

from __future__ import annotations

import argparse

from netdesk.clicmds.base import Context, command, emit, on_date, recorder, report
from netdesk.domain.change import Recorded
from netdesk.domain.dates import parse_datetime
from netdesk.domain.kinds import Effort, GiveKind, InteractionKind, values
from netdesk.errors import InvalidValue
from netdesk.services import asks, contacts, leads, local_zone, meetings, recording

ASK_USAGE = ("netdesk ask CONTACT --purpose TEXT [--effort small|medium|large] [--on DATE] [--json]\n"
             "       netdesk ask resolve ASK granted|declined|withdrawn [--on DATE] [--json]")


def _command(sub, name: str, help: str, handler, *positionals: str | tuple[str, dict], note: bool = False,
             common: bool = True) -> argparse.ArgumentParser:
    """One command with --json: its positionals in order, then (`common`) --on [--note]."""
    parser = command(sub, name, handler, help=help, json=True)
    for positional in positionals:
        arg, options = positional if isinstance(positional, tuple) else (positional, {})
        parser.add_argument(arg, **options)
    if common:
        parser.add_argument("--on", metavar="DATE", help="when it happened (default: today)")
        if note:
            parser.add_argument("--note", default="")
    return parser


def register(sub: argparse._SubParsersAction) -> None:
    kind = ("kind", {"metavar": "KIND", "help": " ".join(values(InteractionKind))})
    _command(sub, "log", "record an interaction; restarts the keep-in-touch clock", cmd_log, "contact", kind,
             note=True)
    _command(sub, "favour", "record a favour received", cmd_favour, "contact", "text")
    _command(sub, "thank", "record thanks; closes that contact's open thank-you reminders", cmd_thank, "contact",
             note=True)

    lead = sub.add_parser("lead", help="leads received: add, outcome, reported")
    verbs = lead.add_subparsers(dest="verb", metavar="VERB", required=True)
    _command(verbs, "add", "record a lead received from CONTACT", cmd_lead_add, "contact", "text")
    _command(verbs, "outcome", "set a lead's outcome", cmd_lead_outcome, "lead", "text")
    _command(verbs, "reported", "record that the giver was told the outcome", cmd_lead_reported, "lead")

    _command(sub, "refer", "record that you gave SEEKER the name of TARGET", cmd_refer, "seeker",
             ("--to", {"required": True, "metavar": "TARGET"}), note=True)

    # `ask CONTACT --purpose TEXT` and `ask resolve ASK STATUS` share the word, so one parser takes both.
    ask = sub.add_parser("ask", usage=ASK_USAGE, help="record an ask (the pushiness guard warns), or resolve one")
    ask.add_argument("contact", metavar="CONTACT|resolve")
    ask.add_argument("rest", nargs="*", default=[], metavar="ASK STATUS", help=argparse.SUPPRESS)
    ask.add_argument("--purpose", help="what you ask for and why (required for a new ask)")
    ask.add_argument("--effort", choices=values(Effort), default=Effort.SMALL.value)
    ask.add_argument("--on", metavar="DATE", help="when it happened (default: today)")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(handler=cmd_ask, parser=ask)

    _command(sub, "give", "record something given (article, event, introduction, advice, alternative)", cmd_give,
             "contact", "text", ("--kind", {"choices": values(GiveKind), "default": GiveKind.ARTICLE.value}),
             ("--link", {"metavar": "URL"}))

    meeting = sub.add_parser("meeting", help="meetings: add one, print its brief")
    mverbs = meeting.add_subparsers(dest="verb", metavar="VERB", required=True)
    _command(mverbs, "add", "record a meeting; a prepare reminder comes the day before", cmd_meeting_add,
             "contact", ("--at", {"required": True, "metavar": "DATETIME"}), ("--referred-by", {"metavar": "CONTACT"}),
             ("--purpose", {"default": ""}), ("--location", {"default": ""}),
             ("--minutes", {"type": int, "default": 60, "help": "duration (default 60)"}), common=False)
    _command(mverbs, "brief", "print the brief for a meeting", cmd_meeting_brief, "meeting", common=False)


def record_id(value: str, what: str) -> int:
    if not value.strip().isdigit():
        raise InvalidValue(f"{value!r} is not a {what} id")
    return int(value)


def _lead_id(args: argparse.Namespace) -> int:
    return record_id(args.lead, "lead")


def _check_kind(args: argparse.Namespace) -> None:
    if args.kind not in values(InteractionKind):
        raise InvalidValue(f"KIND must be one of {', '.join(values(InteractionKind))}, not {args.kind!r}")


# Each command is one use case, the same one the window calls; the reminders it calls for are derived
# inside its transaction. `recorder` gives them the shared shape: --on, open the store, write, report.
cmd_log = recorder("interaction", lambda args, ctx, on: recording.log_interaction(
    contacts.resolve(args.contact), args.kind, on=on, today=ctx.today, note=args.note), check=_check_kind)
cmd_favour = recorder("favour", lambda args, ctx, on: recording.record_favour(
    contacts.resolve(args.contact), args.text, on=on, today=ctx.today))
cmd_thank = recorder("thanks", lambda args, ctx, on: recording.record_thanks(
    contacts.resolve(args.contact), on=on, today=ctx.today, note=args.note))
cmd_lead_add = recorder("lead", lambda args, ctx, on: leads.add_lead(
    contacts.resolve(args.contact), args.text, on=on, today=ctx.today))
cmd_lead_outcome = recorder("outcome of lead", lambda args, ctx, on: leads.set_outcome(
    _lead_id(args), args.text, on=on, today=ctx.today), first=_lead_id)
cmd_lead_reported = recorder("report of lead", lambda args, ctx, on: leads.mark_reported(
    _lead_id(args), on=on, today=ctx.today), first=_lead_id)
cmd_refer = recorder("referral", lambda args, ctx, on: recording.record_referral(
    contacts.resolve(args.seeker), contacts.resolve(args.to), on=on, today=ctx.today, note=args.note))
cmd_give = recorder("give", lambda args, ctx, on: recording.record_give(
    contacts.resolve(args.contact), args.text, on=on, today=ctx.today, kind=args.kind, link=args.link))


def _resolve_ask(args: argparse.Namespace, ctx: Context) -> Recorded:
    parser: argparse.ArgumentParser = args.parser
    if len(args.rest) != 2:
        parser.error("ask resolve takes ASK and one of granted, declined, withdrawn")
    ask_ref, status = args.rest
    if status not in asks.RESOLUTIONS:
        parser.error(f"argument STATUS: invalid choice: {status!r} (choose from {', '.join(asks.RESOLUTIONS)})")
    if args.purpose is not None:
        parser.error("--purpose belongs to a new ask, not to ask resolve")
    ask_id, on = record_id(ask_ref, "ask"), on_date(args, ctx)
    ctx.open()
    return asks.resolve_ask(ask_id, status, on=on, today=ctx.today)


def cmd_ask(args: argparse.Namespace, ctx: Context) -> int:
    parser: argparse.ArgumentParser = args.parser
    if args.contact == "resolve" and args.rest:
        done = _resolve_ask(args, ctx)
        return report(args, done, f"{args.rest[1]} ask")
    if args.rest:
        parser.error(f"unrecognized arguments: {' '.join(args.rest)}")
    if args.purpose is None:
        parser.error("the following arguments are required: --purpose")
    if not args.purpose.strip():
        raise InvalidValue("an ask needs a purpose: say what you are asking for and why (--purpose TEXT)")
    on = on_date(args, ctx)
    ctx.open()
    done = asks.record_ask(contacts.resolve(args.contact), args.purpose, on=on, today=ctx.today, effort=args.effort)
    return report(args, done, "ask")


def cmd_meeting_add(args: argparse.Namespace, ctx: Context) -> int:
    at = parse_datetime(args.at, local_tz=local_zone.local_zone(), what="--at")
    ctx.open()
    contact = contacts.resolve(args.contact)
    referred_by = contacts.resolve(args.referred_by) if args.referred_by else None
    done = meetings.add_meeting(contact, at, today=ctx.today, referred_by=referred_by, purpose=args.purpose,
                                location=args.location, duration_minutes=args.minutes)
    return report(args, done, "meeting")


def cmd_meeting_brief(args: argparse.Namespace, ctx: Context) -> int:
    meeting_id = record_id(args.meeting, "meeting")
    ctx.open()
    text = meetings.meeting_brief(meeting_id, ctx.today)
    return emit(args, {"id": meeting_id, "brief": text}, text)
