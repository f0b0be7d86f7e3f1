"""The adapters' exception tree, drawn once here.

    AdapterError                 an input file, a server or a device could not be used

Each adapter raises subclasses of ``AdapterError``; the entry points catch the root and print
its message.
"""

from __future__ import annotations


class AdapterError(Exception):
    """An input file, a server or a device could not be used; the message says why, in French."""
