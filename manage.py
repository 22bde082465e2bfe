#!/usr/bin/env python
"""Django's manage.py; the `salesdesk` command does the same and more."""

import sys

from salesdesk.config.cli import main

if __name__ == "__main__":
    sys.exit(main(["manage", *sys.argv[1:]]))
