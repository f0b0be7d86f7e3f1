"""The debtor portal's settings, read on demand like every setting (``recouvre.settings``: the
environment over ``recouvre.toml`` of the data folder).

``RECOUVRE_PORTAL_URL``     the portal's public base address (``https://paiement.example.fr``):
                            set, every letter and email prints the debtor's link and its QR
                            code; unset, they print nothing more (and the portal still answers
                            the links ``recouvre portal link`` prints)
``RECOUVRE_PORTAL_SECRET``  the key signing the links (unset: a random key generated once in
                            ``portal.key`` of the data folder, readable by its owner only)
``RECOUVRE_PORTAL_DAYS``    how many days a link stays valid after its letter (default 180: the
                            time a formal notice and its follow-ups take)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from recouvre.settings import SettingsError, _data_dir, _environ, _positive

DEFAULT_PORTAL_DAYS = 180
PORTAL_KEY_FILE = "portal.key"


@dataclass(frozen=True, slots=True)
class PortalSettings:
    url: str  # without its trailing slash; "" when unset
    secret: str = field(repr=False)
    days: int
    key_file: Path


def load_portal_settings(
    environ: Mapping[str, str] | None = None, data_dir: Path | None = None
) -> PortalSettings:
    """The portal's settings; ``data_dir`` (the wired application's) holds the key file and
    the ``recouvre.toml`` read."""
    env = dict(os.environ if environ is None else environ)
    if data_dir is not None:
        env["RECOUVRE_DATA_DIR"] = str(data_dir)
    env = dict(_environ(env))
    url = env.get("RECOUVRE_PORTAL_URL", "").strip().rstrip("/")
    if url and not url.lower().startswith(("http://", "https://")):
        raise SettingsError(f"RECOUVRE_PORTAL_URL : « {url} » n'est pas une adresse http(s)://")
    return PortalSettings(
        url=url,
        secret=env.get("RECOUVRE_PORTAL_SECRET", ""),
        days=_positive(env, "RECOUVRE_PORTAL_DAYS") or DEFAULT_PORTAL_DAYS,
        key_file=_data_dir(env) / PORTAL_KEY_FILE,
    )
