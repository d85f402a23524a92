"""`favour`, `thank` (the etiquette engine adds log, lead, refer, ask, give, meeting …)."""

from __future__ import annotations

import argparse

from netdesk.clicmds.base import Context, on_date, print_json


def register(sub: argparse._SubParsersAction) -> None:
    favour = sub.add_parser("favour", help="record a favour received")
    favour.add_argument("contact")
    favour.add_argument("text")
    favour.add_argument("--on")
    favour.add_argument("--json", action="store_true")
    favour.set_defaults(handler=cmd_favour)

    thank = sub.add_parser("thank", help="record thanks; closes that contact's open thank-you reminders")
    thank.add_argument("contact")
    thank.add_argument("--on")
    thank.add_argument("--note", default="")
    thank.add_argument("--json", action="store_true")
    thank.set_defaults(handler=cmd_thank)


def cmd_favour(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, history

    on = on_date(args, ctx)
    ctx.open()
    done = history.record_favour(contacts.resolve(args.contact), args.text, on=on, today=ctx.today)
    if args.json:
        print_json({"id": done.id, "contact_id": done.contact_id})
    else:
        print(f"recorded favour {done.id}")
    return 0


def cmd_thank(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, history

    on = on_date(args, ctx)
    ctx.open()
    done = history.record_thanks(contacts.resolve(args.contact), on=on, today=ctx.today, note=args.note)
    if args.json:
        print_json({"id": done.id, "contact_id": done.contact_id})
    else:
        print(f"recorded thanks {done.id}")
    return 0
