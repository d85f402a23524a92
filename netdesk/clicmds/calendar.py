"""`reminders`, `done`, `snooze`, `export-ics`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from netdesk.clicmds.base import Context, print_json
from netdesk.domain.dates import parse_date
from netdesk.errors import InvalidValue


def register(sub: argparse._SubParsersAction) -> None:
    rem = sub.add_parser("reminders", help="open reminders, sorted by due date")
    rem.add_argument("--due-by")
    rem.add_argument("--all", action="store_true", help="include done and cancelled reminders")
    rem.add_argument("--json", action="store_true")
    rem.set_defaults(handler=cmd_reminders)

    done = sub.add_parser("done", help="complete one reminder")
    done.add_argument("reminder")
    done.set_defaults(handler=cmd_done)

    snooze = sub.add_parser("snooze", help="move one reminder to a later day")
    snooze.add_argument("reminder")
    snooze.add_argument("--until", required=True)
    snooze.set_defaults(handler=cmd_snooze)

    export = sub.add_parser("export-ics", help="write an iCalendar file of all reminders")
    export.add_argument("file", type=Path)
    export.add_argument("--todo", action="store_true", help="VTODO instead of all-day VEVENT")
    export.add_argument("--alarm", default="09:00", help="time of day for the alarm (HH:MM)")
    export.add_argument("--with-notes", action="store_true", help="include private notes")
    export.set_defaults(handler=cmd_export_ics)


def reminder_id(value: str) -> int:
    if not value.isdigit():
        raise InvalidValue(f"{value!r} is not a reminder id")
    return int(value)


def cmd_reminders(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import reminders

    due_by = parse_date(args.due_by, what="--due-by") if args.due_by else None
    ctx.open()
    found = reminders.list_reminders(due_by=due_by, include_closed=args.all)
    if args.json:
        print_json([r.to_json() for r in found])
        return 0
    for r in found:
        print(f"{r.id:>6}  {r.due.isoformat()}  {r.kind.value:<15} {r.title}  [{r.status.value}]")
    return 0


def cmd_done(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import reminders

    rid = reminder_id(args.reminder)
    ctx.open()
    done = reminders.mark_done(rid, today=ctx.today)
    print(f"done: {done.title}")
    return 0


def cmd_snooze(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import reminders

    rid = reminder_id(args.reminder)
    until = parse_date(args.until, what="--until")
    ctx.open()
    moved = reminders.snooze(rid, until, today=ctx.today)
    print(f"snoozed until {moved.due.isoformat()}: {moved.title}")
    return 0


def parse_alarm(value: str) -> dt.time:
    try:
        hour, minute = value.split(":")
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise InvalidValue(f"--alarm takes a time of day as HH:MM, not {value!r}") from None


def cmd_export_ics(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.exchange.ics import IcsOptions
    from netdesk.services import calendar

    options = IcsOptions(todo=args.todo, alarm=parse_alarm(args.alarm), with_notes=args.with_notes)
    ctx.open()
    count = calendar.export_ics(args.file, options)
    print(f"wrote {count} reminders to {args.file}")
    return 0
