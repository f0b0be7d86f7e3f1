"""One way to write a file of evidence or configuration in the data folder: to a temporary name
beside it, flushed to the disk, then renamed. A crash leaves the whole file or none, never half
a letter, an email or a scan that a later run would take for the one sent."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (its folder created if needed) all at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
