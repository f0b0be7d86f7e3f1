"""The services' exception tree, drawn once here.

    ServiceError                 a use case refused a request (French message, shown as it is)

Each services sub-package raises subclasses of ``ServiceError``; the entry points catch the
root and print its message.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A use case refused a request; the message says why, in French."""
