"""`account add|list|remove`, `sync` (CLI.md "Sync"; SYNC.md). Passwords only through standard input."""

from __future__ import annotations

import argparse
import sys

from netdesk.clicmds.base import Context, print_json, warn


def register(sub: argparse._SubParsersAction) -> None:
    account = sub.add_parser("account", help="CalDAV accounts that sync reminders and meetings")
    verbs = account.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="check the server, find or make the calendar, keep the password in the keyring")
    add.add_argument("name")
    add.add_argument("--url", required=True, help="the CalDAV URL, or a plain host name to discover")
    add.add_argument("--user", required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--calendar", default="netdesk", help="the calendar netdesk owns (default: netdesk)")
    books = add.add_mutually_exclusive_group()
    books.add_argument("--addressbook", default="", help="the address book to sync contacts with (found or made)")
    books.add_argument("--no-contacts", action="store_true")
    add.add_argument("--reminders-as", choices=("events", "tasks"), default="events")
    add.add_argument("--no-history", action="store_true")
    add.add_argument("--ca-cert", default="", help="CA file for a self-signed server")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_account_add)
    change = verbs.add_parser("set", help="change an account: the address book its contacts sync with")
    change.add_argument("name")
    chosen = change.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--addressbook", help="sync contacts with this address book (found or made)")
    chosen.add_argument("--no-contacts", action="store_true", help="stop syncing contacts (nothing is deleted)")
    change.add_argument("--password-stdin", action="store_true")
    change.set_defaults(handler=cmd_account_set)
    listing = verbs.add_parser("list", help="the accounts (never a password)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_account_list)
    remove = verbs.add_parser("remove", help="forget an account and its keyring entry (the server keeps its data)")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_account_remove)

    sync = sub.add_parser("sync", help="push reminders and meetings to every account (or one), take back the phone's")
    sync.add_argument("name", nargs="?")
    sync.add_argument("--password-stdin", action="store_true")
    sync.add_argument("--allow-mass-delete", action="store_true")
    sync.add_argument("--dry-run", action="store_true")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=cmd_sync)

    conflicts = sub.add_parser("conflicts", help="contact fields changed differently in netdesk and on the server")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=cmd_conflicts)
    conflict = sub.add_parser("conflict", help="resolve a conflict: keep netdesk's value (local) or the server's")
    conflict_verbs = conflict.add_subparsers(dest="verb", metavar="VERB", required=True)
    resolve = conflict_verbs.add_parser("resolve", help="local keeps netdesk's value, remote takes the server's, "
                                        "both keeps the two (a list field, notes)")
    resolve.add_argument("id", type=int)
    resolve.add_argument("side", choices=("local", "remote", "both"))
    resolve.set_defaults(handler=cmd_conflict_resolve)

    duplicates = sub.add_parser("duplicates", help="server cards a first sync found like a contact (name, phone): "
                                "held back on both sides until you answer")
    duplicates.add_argument("--json", action="store_true")
    duplicates.set_defaults(handler=cmd_duplicates)
    duplicate = sub.add_parser("duplicate", help="answer a likely duplicate: link (same person) or separate")
    duplicate_verbs = duplicate.add_subparsers(dest="verb", metavar="VERB", required=True)
    link = duplicate_verbs.add_parser("link", help="the same person: the next sync merges card and contact")
    link.add_argument("id")
    link.add_argument("contact", nargs="?", type=int, help="the contact, where the card looks like several")
    link.set_defaults(handler=cmd_duplicate_link)
    separate = duplicate_verbs.add_parser("separate", help="two people: the next sync keeps both, on both sides")
    separate.add_argument("id")
    separate.set_defaults(handler=cmd_duplicate_separate)


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    return sys.stdin.readline().rstrip("\r\n")


def cmd_account_add(args: argparse.Namespace, ctx: Context) -> int:
    import getpass

    from netdesk.services.sync import accounts

    password = _password(args)
    if password is None:
        password = getpass.getpass(f"password for {args.user}: ") if sys.stdin.isatty() else ""
    ctx.open()
    added = accounts.add(args.name, url=args.url, username=args.user, password=password, calendar=args.calendar,
                         reminders_as=args.reminders_as, ca_cert=args.ca_cert, addressbook=args.addressbook,
                         contacts=not args.no_contacts, history=not args.no_history)
    for message in added.warnings:
        warn(message)
    if args.json:
        print_json(added.account.to_json(pending=added.pending))
    else:
        print(f"added account {added.account.name}: calendar {added.account.calendar_url}")
    return 0


def cmd_account_set(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import books

    password = _password(args)
    ctx.open()
    done = books.choose(args.name, None if args.no_contacts else args.addressbook, password=password)
    if done.url is None:
        print(f"{args.name}: contacts are no longer synced (nothing was deleted)")
    else:
        first = "; the next sync matches your contacts with its cards before it adds any" if done.switched else ""
        print(f"{args.name}: contacts sync with the address book {done.account.addressbook!r}{first}")
    return 0


def cmd_account_list(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.sync import accounts

    ctx.open()
    found = accounts.list_accounts()
    if args.json:
        print_json([a.to_json(pending) for a, pending in found])
        return 0
    for a, pending in found:
        synced = a.last_synced or "never synced"
        print(f"{a.name}  {a.username} @ {a.url}  calendar {a.calendar!r} as {a.reminders_as}; {synced}; "
              f"{pending} changes waiting; contacts: {_contacts(a)}; history: not synced yet")
    return 0


def _contacts(account) -> str:
    if not account.contacts:
        return "off"
    return f"address book {account.addressbook!r}" if account.addressbook else "no address book chosen (--addressbook)"


def cmd_account_remove(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.sync import accounts

    ctx.open()
    accounts.remove(args.name)
    print(f"removed account {args.name} (nothing on the server was deleted)")
    return 0


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.sync import run

    password = _password(args)
    ctx.open()
    results = run.sync(args.name, password=password, today=ctx.today, allow_mass_delete=args.allow_mass_delete,
                       dry_run=args.dry_run)
    if args.json:
        print_json({"accounts": [r.to_json() for r in results]})
    else:
        for r in results:
            state = "; ".join(r.errors) if r.errors else "ok"
            print(f"{r.name}: pushed {r.pushed}, pulled {r.pulled}, {r.pending} waiting: {state}")
            if r.duplicates:
                print(f"{r.name}: {r.duplicates} server card{'s look' if r.duplicates != 1 else ' looks'} like "
                      "contacts here; held back on both sides until you answer (netdesk duplicates)")
    for r in results:
        for message in r.errors:
            print(f"error: {r.name}: {message}", file=sys.stderr)
    return 1 if any(r.errors for r in results) else 0


def cmd_conflicts(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import conflicts

    ctx.open()
    found = conflicts.list_conflicts()
    if args.json:
        print_json(found)
        return 0
    for c in found:
        print(f"{c['id']}  contact {c['contact_id']}  {c['field']}: here {c['local']!r}, on the server {c['remote']!r}")
    if not found:
        print("no conflicts")
    return 0


def cmd_conflict_resolve(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import conflicts

    ctx.open()
    conflicts.resolve(args.id, args.side)
    kept = {"local": "netdesk's value", "remote": "the server's value", "both": "both values"}[args.side]
    print(f"conflict {args.id}: {kept} kept; the next sync writes it to the other side")
    return 0


def cmd_duplicates(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import duplicates

    ctx.open()
    found = duplicates.list_offers()
    if args.json:
        print_json([o.to_json() for o in found])
        return 0
    for o in found:
        card = o.card
        said = ", ".join([*card.get("emails", []), *card.get("phones", [])])
        state = "waiting" if o.decided is None else ("separate" if o.decided == "new" else f"link to {o.decided}")
        print(f"{o.id}  on the server: {card.get('name', '')!r}{f' ({said})' if said else ''}  [{state}]")
        for c in o.contacts:
            emails = f" ({', '.join(c['emails'])})" if c["emails"] else ""
            print(f"    here: contact {c['id']} {c['name']!r}{emails}: {c['reason']}")
    if found:
        print("answer with: duplicate link ID [CONTACT]  or  duplicate separate ID; the next sync carries it out")
    else:
        print("no likely duplicates")
    return 0


def cmd_duplicate_link(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import duplicates

    ctx.open()
    duplicates.link(args.id, args.contact)
    print(f"{args.id}: the same person; the next sync merges the card and the contact")
    return 0


def cmd_duplicate_separate(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services.carddav import duplicates

    ctx.open()
    duplicates.separate(args.id)
    print(f"{args.id}: two people; the next sync keeps both, here and on the server")
    return 0
