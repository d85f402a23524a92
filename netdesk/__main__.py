"""`python -m netdesk` behaves exactly like the `netdesk` command."""

import sys

from netdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
