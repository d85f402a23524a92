"""`contact add|list|show`."""

from __future__ import annotations

import argparse

from netdesk.clicmds import etiquette, exchange
from netdesk.clicmds.base import Context, on_date, parse_days, print_json
from netdesk.domain.dates import parse_date

# The verbs other command groups add under `netdesk contact`, in help order.
CONTACT_VERBS = (etiquette.register_contact_verbs, exchange.register_contact_verbs)


def register(sub: argparse._SubParsersAction) -> None:
    contact = sub.add_parser("contact", help="add, list, show and edit contacts")
    verbs = contact.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="create a contact")
    add.add_argument("name")
    add.add_argument("--email", action="append", default=[])
    add.add_argument("--phone", action="append", default=[])
    add.add_argument("--org", default="")
    add.add_argument("--title", default="")
    add.add_argument("--how-met", default="")
    add.add_argument("--met-on")
    add.add_argument("--tag", action="append", default=[])
    add.add_argument("--every", help="keep-in-touch cadence in days")
    add.add_argument("--note", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)

    lst = verbs.add_parser("list", help="list contacts")
    lst.add_argument("--search")
    lst.add_argument("--tag")
    lst.add_argument("--due", action="store_true", help="only contacts with a reminder due today or earlier")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)

    show = verbs.add_parser("show", help="one contact with its history and open reminders")
    show.add_argument("contact")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    for register_verbs in CONTACT_VERBS:
        register_verbs(verbs)


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts

    met_on = parse_date(args.met_on, what="--met-on") if args.met_on else None
    every = None if args.every is None else parse_days(args.every, "--every")
    ctx.open()
    created = contacts.add_contact(
        args.name, today=ctx.today, emails=args.email, phones=args.phone, organisation=args.org,
        title=args.title, how_met=args.how_met, met_on=met_on, tags=args.tag, every_days=every, notes=args.note,
    )
    if args.json:
        print_json(created.to_json())
    else:
        print(f"added {created.name} (id {created.id})")
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts

    ctx.open()
    found = contacts.list_contacts(search=args.search, tag=args.tag, due_by=ctx.today if args.due else None)
    if args.json:
        print_json([c.to_json() for c in found])
        return 0
    for c in found:
        extra = " · ".join(part for part in (c.organisation, ", ".join(c.emails)) if part)
        print(f"{c.id:>6}  {c.name}" + (f"  ({extra})" if extra else ""))
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts

    ctx.open()
    data = contacts.show(contacts.resolve(args.contact))
    if args.json:
        print_json(data)
        return 0
    print(f"{data['name']} (id {data['id']})")
    for key in ("organisation", "title", "how_met", "met_on", "last_contacted"):
        if data.get(key):
            print(f"  {key.replace('_', ' ')}: {data[key]}")
    for label, key in (("emails", "emails"), ("phones", "phones"), ("tags", "tags")):
        if data[key]:
            print(f"  {label}: {', '.join(data[key])}")
    for reminder in data["reminders"]:
        print(f"  due {reminder['due']}: {reminder['title']} [{reminder['kind']}]")
    return 0


__all__ = ["register", "on_date"]
