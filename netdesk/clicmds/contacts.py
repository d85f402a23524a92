"""`contact add|list|show`."""

from __future__ import annotations

import argparse

from netdesk.clicmds import etiquette, exchange
from netdesk.clicmds.base import Context, emit, on_date, parse_days, print_json
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
    lst.add_argument("--archived", action="store_true", help="only archived contacts")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)

    show = verbs.add_parser("show", help="one contact with its history and open reminders")
    show.add_argument("contact")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    for verb, text in (("archive", "hide a contact from every list and reminder; its history stays"),
                       ("restore", "bring an archived contact back")):
        parser = verbs.add_parser(verb, help=text)
        parser.add_argument("contact")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=cmd_archive)
    delete = verbs.add_parser("delete", help="delete a contact and its history for good")
    delete.add_argument("contact")
    delete.add_argument("--yes", action="store_true", help="confirm: the history goes too")
    delete.set_defaults(handler=cmd_delete)

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
    return emit(args, created.to_json(), f"added {created.name} (id {created.id})")


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts

    ctx.open()
    found = contacts.list_contacts(search=args.search, tag=args.tag, due_by=ctx.today if args.due else None,
                                   archived=args.archived)
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
    from netdesk.clicmds.contact_text import show_lines

    others = {r[key] for r in data["referrals"] for key in ("seeker_id", "target_id")}
    others |= {m["referred_by"] for m in data["meetings"] if m["referred_by"]}
    names = {c.id: c.name for c in contacts.list_by_ids(sorted(others))}
    print("\n".join(show_lines(data, lambda cid: names.get(cid, f"contact {cid} (deleted)"))))
    return 0


def cmd_archive(args: argparse.Namespace, ctx: Context) -> int:
    """`contact archive CONTACT` / `contact restore CONTACT`."""
    from netdesk.services import contact_archive, contacts

    ctx.open()
    contact_id = contacts.resolve(args.contact)
    write = contact_archive.archive if args.verb == "archive" else contact_archive.restore
    write(contact_id, today=ctx.today)
    found = contacts.get(contact_id)
    return emit(args, found.to_json(),
                f"{'archived' if args.verb == 'archive' else 'restored'} {found.name} (id {found.id})")


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.errors import InvalidValue
    from netdesk.services import contact_archive, contacts

    ctx.open()
    contact_id = contacts.resolve(args.contact)
    if not args.yes:
        name = contacts.get(contact_id).name
        raise InvalidValue(f"deleting {name} for good removes their history too; nothing was deleted; "
                           "add --yes to delete, or use `contact archive` to hide them and keep it")
    deleted = contact_archive.delete_for_good(contact_id, today=ctx.today)
    history = ", ".join(f"{count} {table}" for table, count in deleted.counts().items()
                        if table not in ("email", "phone", "url", "address", "contact_tag"))
    print(f"deleted {deleted.name} (id {deleted.contact_id})" + (f" and their history ({history})" if history else ""))
    return 0


__all__ = ["register", "on_date"]
