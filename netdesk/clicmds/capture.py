"""`capture mail|imap|calendar` (CLI.md "Capture"): interactions from the user's own mail and calendars."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from netdesk.clicmds.base import Context, command, date_arg, emit, print_json, warn
from netdesk.domain.dates import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    capture = sub.add_parser("capture", help="log interactions from your own mail and calendars (headers only)")
    verbs = capture.add_subparsers(dest="verb", metavar="SOURCE", required=True)

    mail = command(verbs, "mail", cmd_mail, help="an mbox file, a Maildir folder or a Thunderbird profile folder")
    mail.add_argument("paths", nargs="*", metavar="PATH",
                      help="mail to read (none: Thunderbird, Evolution and KMail mail found on this computer)")
    mail.add_argument("--me", action="append", default=[], metavar="EMAIL", help="one of your own addresses")
    _common(mail)

    imap = command(verbs, "imap", cmd_imap, help="an IMAP account, read-only")
    imap.add_argument("--host", required=True)
    imap.add_argument("--port", type=int)
    imap.add_argument("--user", required=True)
    imap.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    imap.add_argument("--folder", action="append", default=[], metavar="F", help="a folder (default: all)")
    imap.add_argument("--security", choices=("ssl", "starttls", "none"), default="ssl")
    imap.add_argument("--ca-cert", default="", help="CA file for a self-signed server")
    imap.add_argument("--me", action="append", default=[], metavar="EMAIL", help="one of your own addresses")
    _common(imap)

    calendar = command(verbs, "calendar", cmd_calendar,
                       help="an .ics file, or account:NAME for a CalDAV account's calendars")
    calendar.add_argument("sources", nargs="+", metavar="SOURCE")
    calendar.add_argument("--me", action="append", default=[], metavar="EMAIL", help="one of your own addresses")
    calendar.add_argument("--password-stdin", action="store_true", help="the account's password, if not in the keyring")
    _common(calendar)

    prefs = command(verbs, "settings", cmd_settings, json=True,
                    help="show or set your addresses, the skip list and subjects in notes")
    prefs.add_argument("--me", action="append", metavar="EMAIL", help="your addresses (replaces the list)")
    prefs.add_argument("--skip", action="append", metavar="ADDRESS", help="addresses or domains never captured")
    prefs.add_argument("--subjects", choices=("on", "off"), help="keep subjects in the notes (default on)")

    ignore = command(verbs, "ignore", cmd_ignore, help="never suggest this address as a new contact")
    ignore.add_argument("email")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=date_arg, metavar="DATE", help="only what happened on or after DATE")
    parser.add_argument("--dry-run", action="store_true", help="count what would be logged, log nothing")
    parser.add_argument("--json", action="store_true")


def _since(args: argparse.Namespace) -> dt.date | None:
    return None if args.since is None else parse_date(args.since, what="--since")


def _password(args: argparse.Namespace) -> str | None:
    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None


def _report(args: argparse.Namespace, captured) -> int:
    for message in captured.warnings:
        warn(message)
    if args.json:
        print_json(captured.to_json())
        return 0
    skipped = ", ".join(f"{n} {reason.replace('_', ' ')}" for reason, n in sorted(captured.skipped.items()))
    verb = "would log" if args.dry_run else "logged"
    print(f"{captured.items} {captured.noun} read, {captured.matched} with a contact: {verb} {captured.logged}, "
          f"{captured.already_logged} logged before" + (f"; skipped: {skipped}" if skipped else ""))
    for s in captured.suggested:
        print(f"suggested: {s.name + ' ' if s.name else ''}<{s.email}> ({s.count} exchanges in 90 days)")
    return 0


def cmd_mail(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.capture_mail import capture_mail

    since = _since(args)
    ctx.open()
    return _report(args, capture_mail(args.paths, today=ctx.today, tz=ctx.local_tz, me=args.me, since=since,
                                      dry_run=args.dry_run))


def cmd_imap(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.capture_imap import Server, capture_imap

    since = _since(args)
    password = _password(args)
    server = Server(args.host, args.port, args.user, args.security, args.ca_cert)
    ctx.open()
    return _report(args, capture_imap(server, password=password, folders=args.folder, today=ctx.today,
                                      tz=ctx.local_tz, me=args.me, since=since, dry_run=args.dry_run))


def cmd_calendar(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.capture_calendar import capture_calendar

    since = _since(args)
    password = _password(args)
    ctx.open()
    return _report(args, capture_calendar(args.sources, today=ctx.today, tz=ctx.local_tz, now=dt.datetime.now(dt.UTC),
                                          me=args.me, since=since, dry_run=args.dry_run, password=password))


def cmd_settings(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import capture_run

    ctx.open()
    subjects = None if args.subjects is None else args.subjects == "on"
    capture_run.save_settings(me=args.me, skip=args.skip, subjects=subjects)
    current = capture_run.current_settings()
    return emit(args, current.to_json(),
                f"my addresses: {', '.join(current.me) or '(none)'}; skip: {', '.join(current.skip) or '(none)'}; "
                f"subjects in notes: {'on' if current.subjects else 'off'}")


def cmd_ignore(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import capture_run

    ctx.open()
    capture_run.ignore_suggestion(args.email)
    print(f"{args.email} will not be suggested again")
    return 0
