"""Run the netdesk CLI in this process, then report its peak RSS: `python rss_run.py OUT -- ARGS...`.

The peak is ru_maxrss of this process alone (not of pytest's other children), written to OUT in KiB.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

if __name__ == "__main__":
    out = Path(sys.argv[1])
    args = sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:]
    from netdesk.cli import main

    try:
        code = main(args)
    finally:
        out.write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    sys.exit(code)
