"""The law package's exception tree, drawn once here.

    LawError                     a legal computation cannot be made with the data given

The entry points catch the root and print its message.
"""

from __future__ import annotations


class LawError(Exception):
    """A legal computation cannot be made with the data given; the message says why."""
