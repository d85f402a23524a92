"""netdesk.1, the man page of the .deb, made from the command line's own help (argparse).

    python packaging/make_manpage.py VERSION DATE > netdesk.1

Every command and subcommand of `netdesk.cli.build_parser()` gets a section with its `--help` text,
so the page cannot drift from the program: .ci/deb.sh runs this at every build. Run it with the
Python that built the bundle (the project venv), from the checkout.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["COLUMNS"] = "78"  # argparse wraps to the terminal; the page must not depend on it

from netdesk.cli import build_parser  # noqa: E402


def roff(text: str) -> str:
    """Plain text as roff: backslashes and minus signs escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in text.splitlines())


def commands(parser: argparse.ArgumentParser, prefix: str):
    """(`netdesk contact add`, its parser, its one-line help) for every command, depth first."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub, helps.get(name) or ""
                yield from commands(sub, f"{prefix} {name}")


def preformatted(text: str) -> list[str]:
    return [".PP", ".nf", ".RS 4", roff(text.rstrip()), ".RE", ".fi"]


def page(version: str, date: str) -> str:
    parser = build_parser()
    top = parser.format_help()
    lines = [
        f'.TH NETDESK 1 "{date}" "netdesk {version}" "User Commands"',
        ".SH NAME",
        "netdesk \\- organiser for your professional network, with reminders in your calendar",
        ".SH SYNOPSIS",
        ".B netdesk",
        "[\\fIOPTIONS\\fR] [\\fIFILE.vcf\\fR]",
        ".br",
        ".B netdesk",
        "[\\fB\\-\\-db\\fR \\fIPATH\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]",
        ".SH DESCRIPTION",
        roff(parser.description or ""),
        "Given an address card (a .vcf file), the window opens and offers to import it.",
        "Every command works without opening a window and never loads the graphical toolkit;",
        "most take \\fB\\-\\-json\\fR for scripts. The text below is the program's own \\fB\\-\\-help\\fR.",
        *preformatted(top),
        ".SH COMMANDS",
    ]
    for name, sub, summary in commands(parser, "netdesk"):
        lines += [f".SS {roff(name)}"]
        if summary:
            lines += [roff(summary[0].upper() + summary[1:]) + ("" if summary.endswith(".") else ".")]
        lines += preformatted(sub.format_help())
    lines += [
        ".SH FILES",
        ".TP",
        ".I ~/.local/share/netdesk/netdesk.sqlite3",
        "The store, created on first start (mode 0600). The package never touches it: removing or",
        "purging netdesk leaves it in place.",
        ".TP",
        ".I ~/.local/share/netdesk/backups/",
        "Automatic and \\fBnetdesk backup\\fR copies of the store.",
        ".SH ENVIRONMENT",
        ".TP",
        ".B NETDESK_DB",
        "The store to use when \\fB\\-\\-db\\fR is not given.",
        ".TP",
        ".B XDG_DATA_HOME",
        "Where the store's folder is, instead of \\fI~/.local/share\\fR.",
        ".SH EXIT STATUS",
        "0 on success, 1 on an error (printed as \\fBerror:\\fR ... on standard error), 2 on a usage error.",
        ".SH SEE ALSO",
        "\\fBkhal\\fR(1), \\fBkhard\\fR(1)",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_manpage.py VERSION DATE", file=sys.stderr)
        return 2
    sys.stdout.write(page(*argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
