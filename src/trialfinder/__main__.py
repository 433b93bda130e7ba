"""``python -m trialfinder``: the same as the ``trialfinder`` command."""

from trialfinder.cli import main

main()
