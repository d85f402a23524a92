"""CLI command groups. Each module exposes `register(subparsers)` for top-level commands; the order here is
the help order. Groups with verbs under `netdesk contact` expose `register_contact_verbs(verbs)`, which
`contacts.CONTACT_VERBS` lists.
"""

from netdesk.clicmds import calendar, capture, contacts, etiquette, exchange, messages, records, safety, sync

REGISTRY = [contacts.register, records.register, etiquette.register, calendar.register, messages.register,
            exchange.register, safety.register, sync.register, capture.register]
