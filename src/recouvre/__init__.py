"""recouvre: debt collection for French creditors and collection agencies.

The package is layered (see docs/architecture.md): a pure core (``domain``, ``law``,
``scenarios``, ``compliance``, ``letters``), use cases in ``services``, I/O in ``adapters``,
one composition root (``bootstrap``) and thin ``entrypoints``.
"""

__version__ = "0.1.0"
