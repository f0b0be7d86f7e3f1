"""Whether a host name is this machine: clear-text protocols (SMTP or IMAP without TLS) are
allowed only towards it (``settings.load_channel_settings``, ``load_imap_settings``)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (clear text never leaves it)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
