"""Run the netdesk CLI in this process, then report its peak RSS: `python rss_run.py OUT -- ARGS...`.

The peak is written to OUT in KiB. It is VmHWM from /proc (the high-water mark of this program's own memory
since exec) where there is one: `resource.getrusage`'s ru_maxrss also keeps the peak of the process image
before exec, i.e. of the forking pytest, which would inflate every figure by pytest's own size.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_kib() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    out = Path(sys.argv[1])
    args = sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:]
    from netdesk.cli import main

    try:
        code = main(args)
    finally:
        out.write_text(str(peak_kib()))
    sys.exit(code)
