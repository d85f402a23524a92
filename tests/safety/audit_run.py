"""Run the netdesk CLI under a socket audit hook: `python audit_run.py OUT -- ARGS...`.

Every socket connect, bind, sendto and name lookup is appended to OUT as it happens (one JSON line each),
so even a process that is killed leaves its record behind.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EVENTS = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
          "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}


def install(out: Path) -> None:
    handle = open(out, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the process

    def hook(event: str, args: tuple) -> None:
        if event in EVENTS:
            sock = args[0] if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg") else None
            family = getattr(sock, "family", None)
            address = args[1] if sock is not None and len(args) > 1 else args[0] if args else None
            handle.write(json.dumps({"event": event, "family": int(family) if family is not None else None,
                                     "address": repr(address)}) + "\n")

    sys.addaudithook(hook)


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    args = sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:]
    from netdesk.cli import main

    sys.exit(main(args))
