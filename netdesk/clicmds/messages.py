"""`draft`, `sent`, `template` and `message-words` (CLI.md "Messages").

Handlers import their services when they run, so building the parser stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from netdesk.clicmds.base import Context, command, emit, on_date, print_json, warn
from netdesk.clicmds.calendar import reminder_id
from netdesk.domain.kinds import ReminderKind, values
from netdesk.errors import InvalidValue


def register(sub: argparse._SubParsersAction) -> None:
    draft = command(sub, "draft", cmd_draft, json=True,
                    help="the message a reminder's habit calls for (subject, body, mailto: URL)")
    draft.add_argument("reminder")

    sent = command(sub, "sent", cmd_sent, json=True,
                   help="the reminder's message went out: log the email and close the loop")
    sent.add_argument("reminder")
    sent.add_argument("--on", metavar="DATE")

    tpl = sub.add_parser("template", help="the message templates, one per reminder kind")
    verbs = tpl.add_subparsers(dest="verb", metavar="VERB", required=True)
    show = command(verbs, "show", cmd_template_show, help="a kind's template and its placeholders", json=True)
    show.add_argument("kind", choices=values(ReminderKind))
    put = command(verbs, "set", cmd_template_set, help="edit a kind's template (placeholders are checked)")
    put.add_argument("kind", choices=values(ReminderKind))
    put.add_argument("--subject")
    put.add_argument("--body", type=Path, metavar="FILE", help="the body, read from FILE")
    reset = command(verbs, "reset", cmd_template_reset, help="go back to a kind's default template")
    reset.add_argument("kind", choices=values(ReminderKind))
    preview = command(verbs, "preview", cmd_template_preview, json=True,
                      help="a kind's template drafted on its newest real reminder")
    preview.add_argument("kind", choices=values(ReminderKind))

    words = command(sub, "message-words", cmd_message_words, json=True,
                    help="your own words in every draft: name, standing offer, news")
    words.add_argument("--signature", help="your name, to sign with")
    words.add_argument("--offer", help="your standing offer to return a favour (a contact's own wins)")
    words.add_argument("--news", help="your latest news, for keep-in-touch and birthday messages")
    words.add_argument("--my-email", help="your own address (a meeting brief is mailed to you)")


def _print_draft(found, as_json: bool) -> None:
    for message in found.warnings:
        warn(message)
    if as_json:
        print_json(found.to_json())
        return
    print(f"To: {', '.join(found.to)}")
    print(f"Subject: {found.subject}")
    print()
    print(found.body)


def cmd_draft(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import messages

    rid = reminder_id(args.reminder)
    ctx.open()
    _print_draft(messages.draft(rid, today=ctx.today), args.json)
    return 0


def cmd_sent(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import messages, reminders

    rid = reminder_id(args.reminder)
    on = on_date(args, ctx)
    ctx.open()
    done = messages.sent(rid, on=on, today=ctx.today)
    closed = reminders.get(rid)
    return emit(args, {**done.to_json(), "reminder": closed.to_json(), "change": done.change.to_json()},
                f"sent: {closed.title} [{closed.status.value}]")


def cmd_template_show(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.domain.message_templates import DESCRIPTIONS
    from netdesk.services import messages

    kind = ReminderKind(args.kind)
    ctx.open()
    current = messages.template(kind)
    fields = messages.fields(kind)
    if args.json:
        print_json({"kind": kind.value, **current.to_json(),
                    "placeholders": {name: DESCRIPTIONS[name] for name in fields}})
        return 0
    print(f"Subject: {current.subject}\n\n{current.body}\n")
    print("Placeholders:")
    for name in fields:
        print(f"  {{{name}}}  {DESCRIPTIONS[name]}")
    return 0


def cmd_template_set(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import etiquette, messages

    if args.subject is None and args.body is None:
        raise InvalidValue("give --subject, --body FILE or both")
    body = etiquette.read_letter(args.body) if args.body is not None else None
    ctx.open()
    messages.set_template(ReminderKind(args.kind), args.subject, body)
    print(f"saved the {args.kind} template")
    return 0


def cmd_template_reset(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import messages

    ctx.open()
    messages.set_template(ReminderKind(args.kind), None, None)
    print(f"the {args.kind} template is the default again")
    return 0


def cmd_template_preview(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import messages

    kind = ReminderKind(args.kind)
    ctx.open()
    current = messages.template(kind)
    _print_draft(messages.preview(kind, current.subject, current.body, today=ctx.today), args.json)
    return 0


def cmd_message_words(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import messages

    ctx.open()
    messages.set_preferences(signature=args.signature, offer=args.offer, news=args.news, my_email=args.my_email)
    prefs = messages.preferences()
    shown = {"signature": prefs.signature, "offer": prefs.offer, "news": prefs.news, "my_email": prefs.my_email}
    if args.json:
        print_json(shown)
    else:
        for name, value in shown.items():
            print(f"{name}: {value}")
    return 0
