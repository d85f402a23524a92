"""`log`, `favour`, `thank`, `lead add|outcome|reported`, `refer`, `ask`, `ask resolve`, `give`, `meeting add|brief`."""

from __future__ import annotations

import argparse

from netdesk.clicmds.base import Context, on_date, print_json, warn
from netdesk.domain.dates import parse_datetime
from netdesk.domain.kinds import Effort, GiveKind, InteractionKind, values
from netdesk.errors import InvalidValue

ASK_USAGE = ("netdesk ask CONTACT --purpose TEXT [--effort small|medium|large] [--on DATE] [--json]\n"
             "       netdesk ask resolve ASK granted|declined|withdrawn [--on DATE] [--json]")


def _common(parser: argparse.ArgumentParser, *, note: bool = False) -> None:
    parser.add_argument("--on", metavar="DATE", help="when it happened (default: today)")
    if note:
        parser.add_argument("--note", default="")
    parser.add_argument("--json", action="store_true")


def register(sub: argparse._SubParsersAction) -> None:
    log = sub.add_parser("log", help="record an interaction; restarts the keep-in-touch clock")
    log.add_argument("contact")
    log.add_argument("kind", metavar="KIND", help=" ".join(values(InteractionKind)))
    _common(log, note=True)
    log.set_defaults(handler=cmd_log)

    favour = sub.add_parser("favour", help="record a favour received")
    favour.add_argument("contact")
    favour.add_argument("text")
    _common(favour)
    favour.set_defaults(handler=cmd_favour)

    thank = sub.add_parser("thank", help="record thanks; closes that contact's open thank-you reminders")
    thank.add_argument("contact")
    _common(thank, note=True)
    thank.set_defaults(handler=cmd_thank)

    lead = sub.add_parser("lead", help="leads received: add, outcome, reported")
    verbs = lead.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="record a lead received from CONTACT")
    add.add_argument("contact")
    add.add_argument("text")
    _common(add)
    add.set_defaults(handler=cmd_lead_add)
    outcome = verbs.add_parser("outcome", help="set a lead's outcome")
    outcome.add_argument("lead")
    outcome.add_argument("text")
    _common(outcome)
    outcome.set_defaults(handler=cmd_lead_outcome)
    reported = verbs.add_parser("reported", help="record that the giver was told the outcome")
    reported.add_argument("lead")
    _common(reported)
    reported.set_defaults(handler=cmd_lead_reported)

    refer = sub.add_parser("refer", help="record that you gave SEEKER the name of TARGET")
    refer.add_argument("seeker")
    refer.add_argument("--to", required=True, metavar="TARGET")
    _common(refer, note=True)
    refer.set_defaults(handler=cmd_refer)

    # `ask CONTACT --purpose TEXT` and `ask resolve ASK STATUS` share the word, so one parser takes both.
    ask = sub.add_parser("ask", usage=ASK_USAGE, help="record an ask (the pushiness guard warns), or resolve one")
    ask.add_argument("contact", metavar="CONTACT|resolve")
    ask.add_argument("rest", nargs="*", default=[], metavar="ASK STATUS", help=argparse.SUPPRESS)
    ask.add_argument("--purpose", help="what you ask for and why (required for a new ask)")
    ask.add_argument("--effort", choices=values(Effort), default=Effort.SMALL.value)
    _common(ask)
    ask.set_defaults(handler=cmd_ask, parser=ask)

    give = sub.add_parser("give", help="record something given (article, event, introduction, advice, alternative)")
    give.add_argument("contact")
    give.add_argument("text")
    give.add_argument("--kind", choices=values(GiveKind), default=GiveKind.ARTICLE.value)
    give.add_argument("--link", metavar="URL")
    _common(give)
    give.set_defaults(handler=cmd_give)

    meeting = sub.add_parser("meeting", help="meetings: add one, print its brief")
    mverbs = meeting.add_subparsers(dest="verb", metavar="VERB", required=True)
    madd = mverbs.add_parser("add", help="record a meeting; a prepare reminder comes the day before")
    madd.add_argument("contact")
    madd.add_argument("--at", required=True, metavar="DATETIME")
    madd.add_argument("--referred-by", metavar="CONTACT")
    madd.add_argument("--purpose", default="")
    madd.add_argument("--location", default="")
    madd.add_argument("--minutes", type=int, default=60, help="duration (default 60)")
    madd.add_argument("--json", action="store_true")
    madd.set_defaults(handler=cmd_meeting_add)
    mbrief = mverbs.add_parser("brief", help="print the brief for a meeting")
    mbrief.add_argument("meeting")
    mbrief.add_argument("--json", action="store_true")
    mbrief.set_defaults(handler=cmd_meeting_brief)


def record_id(value: str, what: str) -> int:
    if not value.strip().isdigit():
        raise InvalidValue(f"{value!r} is not a {what} id")
    return int(value)


def _report(args: argparse.Namespace, done, label: str) -> int:
    for message in done.warnings:
        warn(message)
    if args.json:
        print_json(done.to_json())
    else:
        print(f"recorded {label} {done.id}")
    return 0


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, recording

    on = on_date(args, ctx)
    if args.kind not in values(InteractionKind):
        raise InvalidValue(f"KIND must be one of {', '.join(values(InteractionKind))}, not {args.kind!r}")
    ctx.open()
    done = recording.log_interaction(contacts.resolve(args.contact), args.kind, on=on, today=ctx.today, note=args.note)
    return _report(args, done, "interaction")


def cmd_favour(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, recording

    on = on_date(args, ctx)
    ctx.open()
    done = recording.record_favour(contacts.resolve(args.contact), args.text, on=on, today=ctx.today)
    return _report(args, done, "favour")


def cmd_thank(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, recording

    on = on_date(args, ctx)
    ctx.open()
    done = recording.record_thanks(contacts.resolve(args.contact), on=on, today=ctx.today, note=args.note)
    return _report(args, done, "thanks")


def cmd_lead_add(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, leads

    on = on_date(args, ctx)
    ctx.open()
    done = leads.add_lead(contacts.resolve(args.contact), args.text, on=on, today=ctx.today)
    return _report(args, done, "lead")


def cmd_lead_outcome(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import leads

    lead_id, on = record_id(args.lead, "lead"), on_date(args, ctx)
    ctx.open()
    done = leads.set_outcome(lead_id, args.text, on=on, today=ctx.today)
    return _report(args, done, "outcome of lead")


def cmd_lead_reported(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import leads

    lead_id, on = record_id(args.lead, "lead"), on_date(args, ctx)
    ctx.open()
    done = leads.mark_reported(lead_id, on=on, today=ctx.today)
    return _report(args, done, "report of lead")


def cmd_refer(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, recording

    on = on_date(args, ctx)
    ctx.open()
    seeker, target = contacts.resolve(args.seeker), contacts.resolve(args.to)
    done = recording.record_referral(seeker, target, on=on, today=ctx.today, note=args.note)
    return _report(args, done, "referral")


def cmd_ask(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import asks, contacts

    parser: argparse.ArgumentParser = args.parser
    if args.contact == "resolve" and args.rest:
        if len(args.rest) != 2:
            parser.error("ask resolve takes ASK and one of granted, declined, withdrawn")
        ask_ref, status = args.rest
        if status not in asks.RESOLUTIONS:
            parser.error(f"argument STATUS: invalid choice: {status!r} (choose from {', '.join(asks.RESOLUTIONS)})")
        if args.purpose is not None:
            parser.error("--purpose belongs to a new ask, not to ask resolve")
        ask_id, on = record_id(ask_ref, "ask"), on_date(args, ctx)
        ctx.open()
        done = asks.resolve_ask(ask_id, status, on=on, today=ctx.today)
        return _report(args, done, f"{status} ask")
    if args.rest:
        parser.error(f"unrecognized arguments: {' '.join(args.rest)}")
    if args.purpose is None:
        parser.error("the following arguments are required: --purpose")
    if not args.purpose.strip():
        raise InvalidValue("an ask needs a purpose: say what you are asking for and why (--purpose TEXT)")
    on = on_date(args, ctx)
    ctx.open()
    done = asks.record_ask(contacts.resolve(args.contact), args.purpose, on=on, today=ctx.today, effort=args.effort)
    return _report(args, done, "ask")


def cmd_give(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, recording

    on = on_date(args, ctx)
    ctx.open()
    done = recording.record_give(contacts.resolve(args.contact), args.text, on=on, today=ctx.today, kind=args.kind,
                               link=args.link)
    return _report(args, done, "give")


def cmd_meeting_add(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, meetings

    at = parse_datetime(args.at, local_tz=meetings.local_zone(), what="--at")
    ctx.open()
    contact = contacts.resolve(args.contact)
    referred_by = contacts.resolve(args.referred_by) if args.referred_by else None
    done = meetings.add_meeting(contact, at, today=ctx.today, referred_by=referred_by, purpose=args.purpose,
                                location=args.location, duration_minutes=args.minutes)
    return _report(args, done, "meeting")


def cmd_meeting_brief(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import meetings

    meeting_id = record_id(args.meeting, "meeting")
    ctx.open()
    text = meetings.meeting_brief(meeting_id, ctx.today)
    if args.json:
        print_json({"id": meeting_id, "brief": text})
    else:
        print(text)
    return 0
