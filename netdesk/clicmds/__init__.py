"""CLI command groups. Each module exposes `register(subparsers)` for top-level commands; the order here is
the help order. Groups with verbs under `netdesk contact` expose `register_contact_verbs(verbs)`, which
`contacts.CONTACT_VERBS` lists.
"""

from netdesk.clicmds import calendar, capture, contacts, etiquette, exchange, records, safety, sync

REGISTRY = [contacts.register, records.register, etiquette.register, calendar.register, exchange.register,
            safety.register, sync.register, capture.register]
