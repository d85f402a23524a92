"""CLI command groups. Each module exposes `register(subparsers)` for top-level commands and
`register_contact_verbs(verbs)` for verbs under `netdesk contact`; the order here is the help order.
"""

from netdesk.clicmds import calendar, contacts, etiquette, exchange, records, safety, sync

REGISTRY = [contacts.register, records.register, etiquette.register, calendar.register, exchange.register,
            safety.register, sync.register]
CONTACT_VERBS = [etiquette.register_contact_verbs, exchange.register_contact_verbs,
                 safety.register_contact_verbs]
