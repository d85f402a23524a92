"""`reminders`, `done`, `snooze`, `export-ics`."""

from __future__ import annotations

import argparse
from pathlib import Path

from netdesk.clicmds.base import Context, command, print_json
from netdesk.domain.dates import parse_date
from netdesk.errors import InvalidValue


def register(sub: argparse._SubParsersAction) -> None:
    rem = command(sub, "reminders", cmd_reminders, help="open reminders, sorted by due date", json=True)
    rem.add_argument("--due-by")
    rem.add_argument("--all", action="store_true", help="include done and cancelled reminders")

    done = command(sub, "done", cmd_done, help="complete one reminder")
    done.add_argument("reminder")

    snooze = command(sub, "snooze", cmd_snooze, help="move one reminder to a later day")
    snooze.add_argument("reminder")
    snooze.add_argument("--until", required=True)

    export = command(sub, "export-ics", cmd_export_ics, help="write an iCalendar file of all reminders")
    export.add_argument("file", type=Path)
    export.add_argument("--todo", action="store_true", help="VTODO instead of all-day VEVENT")
    export.add_argument("--alarm", help="time of day for the alarm (HH:MM; default: the setting, else 09:00)")
    export.add_argument("--with-notes", action="store_true", help="include private notes")
    export.add_argument("--keep-updated", action="store_true",
                        help="also rewrite FILE after every change from now on (the auto-export setting)")

    serve = command(sub, "serve-ics", cmd_serve_ics, help="serve the calendar on 127.0.0.1 for calendar subscriptions")
    serve.add_argument("--port", type=int, default=None,
                       help="TCP port (default: the setting, else 8765); 0 takes any free port")
    serve.add_argument("--new-token", action="store_true",
                       help="make a new secret token first (old subscription URLs stop working)")


def reminder_id(value: str) -> int:
    if not value.isdigit():
        raise InvalidValue(f"{value!r} is not a reminder id")
    return int(value)


def cmd_reminders(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import reminders

    due_by = parse_date(args.due_by, what="--due-by") if args.due_by else None
    ctx.open()
    reminders.catch_up(ctx.today)  # what the day alone ends (a meeting over) is closed first
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
    reminders.mark_done(rid, today=ctx.today)
    done = reminders.get(rid)
    print(f"done: {done.title}")
    return 0


def cmd_snooze(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import reminders

    rid = reminder_id(args.reminder)
    until = parse_date(args.until, what="--until")
    ctx.open()
    reminders.snooze(rid, until, today=ctx.today)
    moved = reminders.get(rid)
    print(f"snoozed until {moved.due.isoformat()}: {moved.title}")
    return 0


def cmd_export_ics(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import calendar

    alarm = calendar.parse_alarm(args.alarm) if args.alarm is not None else None
    if args.keep_updated and args.with_notes:
        raise InvalidValue("--keep-updated never writes private notes; leave out --with-notes")
    ctx.open()
    from netdesk.services import reminders

    reminders.catch_up(ctx.today)
    # CLI.md: all-day events unless --todo; the alarm times are the preferences' unless --alarm.
    options = calendar.export_options(todo=args.todo, alarm=alarm, with_notes=args.with_notes)
    alarm = options.alarm
    count = calendar.export_ics(args.file, options, today=ctx.today)
    if args.keep_updated:
        from dataclasses import replace

        current = calendar.load_settings()
        calendar.save_settings(replace(current, export_path=str(args.file.resolve()), auto_export=True,
                                       todo=args.todo, alarm=alarm))
    print(f"wrote {count} reminders and meetings to {args.file}")
    return 0


def cmd_serve_ics(args: argparse.Namespace, ctx: Context) -> int:
    import sys

    from netdesk.services import calendar, feed

    if args.port is not None and not 0 <= args.port <= 65535:
        raise InvalidValue(f"--port must be between 0 and 65535, not {args.port}")
    ctx.open()
    if args.new_token:
        calendar.regenerate_token()
    port = args.port if args.port is not None else calendar.load_settings().feed_port
    server = feed.start(port)  # raises UserFacingError when the port is taken
    print(server.url, flush=True)
    print(f"subscribe with {server.webcal_url} (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
