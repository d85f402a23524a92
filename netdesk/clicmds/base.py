"""What every command handler shares: the store, today's date, JSON output and warnings."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.domain.dates import parse_date
from netdesk.errors import InvalidValue


@dataclass
class Context:
    db_path: Path
    _open: bool = field(default=False, init=False)

    def open(self) -> None:
        """Open (create, migrate) the store. Only commands that touch data call this."""
        from netdesk.store.db import open_store

        open_store(self.db_path)
        self._open = True

    def close(self) -> None:
        if self._open:
            from netdesk.store.db import close_store

            close_store()
            self._open = False

    @property
    def today(self) -> dt.date:
        # The CLI is the edge that may read the clock; the domain is always handed the date.
        return dt.date.today()

    @property
    def local_tz(self) -> dt.tzinfo:
        return dt.datetime.now().astimezone().tzinfo


def command(sub: argparse._SubParsersAction, name: str, handler: Callable[[argparse.Namespace, Context], int], *,
            json: bool = False, **parser_options) -> argparse.ArgumentParser:
    """One command's parser: `handler` runs it, and with `json` it takes the --json switch every reading and
    writing command has. The caller adds the command's own arguments (`parser_options` go to add_parser)."""
    parser = sub.add_parser(name, **parser_options)
    parser.set_defaults(handler=handler)
    if json:
        parser.add_argument("--json", action="store_true")
    return parser


def emit(args: argparse.Namespace, document, text: str) -> int:
    """A handler's answer: `document` as JSON with --json, else the line `text`; the exit code, 0."""
    if args.json:
        print_json(document)
    else:
        print(text)
    return 0


def date_arg(value: str) -> str:
    """Dates are validated by the handler (exit 1, not argparse's exit 2) per CLI.md."""
    return value


def on_date(args: argparse.Namespace, ctx: Context, attr: str = "on") -> dt.date:
    value = getattr(args, attr, None)
    return ctx.today if value is None else parse_date(value, what=f"--{attr.replace('_', '-')}")


def parse_days(value: str, what: str) -> int | None:
    """A cadence option: a positive number of days, or 'none' for no cadence."""
    if value.strip().lower() == "none":
        return None
    try:
        days = int(value)
    except ValueError:
        raise InvalidValue(f"{what} takes a number of days or 'none', not {value!r}") from None
    if days <= 0:
        raise InvalidValue(f"{what} must be a positive number of days, not {days}")
    return days


def print_json(document) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def report(args: argparse.Namespace, done, label: str) -> int:
    """Print what a write recorded (`recorded LABEL ID`, or its JSON) after the guard's warnings."""
    for message in done.warnings:
        warn(message)
    if args.json:
        print_json(done.to_json())
    else:
        print(f"recorded {label} {done.id}")
    return 0


def recorder(label: str, write: Callable[[argparse.Namespace, Context, dt.date], object], *,
             first: Callable[[argparse.Namespace], object] | None = None,
             check: Callable[[argparse.Namespace], None] | None = None) -> Callable[[argparse.Namespace, Context], int]:
    """The handler of a command that records one thing: the arguments are checked before the store opens
    (`first` before --on is read, `check` after), then `write(args, ctx, on)` runs and is reported."""

    def handler(args: argparse.Namespace, ctx: Context) -> int:
        if first is not None:
            first(args)
        on = on_date(args, ctx)
        if check is not None:
            check(args)
        ctx.open()
        return report(args, write(args, ctx, on), label)

    return handler
