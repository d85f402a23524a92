"""CLI command groups. Each module exposes `register(subparsers)`; the order here is the help order."""

from netdesk.clicmds import calendar, contacts, history

REGISTRY = [contacts.register, history.register, calendar.register]
