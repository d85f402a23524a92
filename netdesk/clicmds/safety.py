"""CLI commands: safety (filled in by its issue)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's top-level commands."""


def register_contact_verbs(verbs: argparse._SubParsersAction) -> None:
    """Add verbs under `netdesk contact` (e.g. `contact set`, `contact merge`)."""
