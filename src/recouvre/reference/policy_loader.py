"""Loading the compliance guard's contact policy from TOML (``contact_policy.toml``).

The shipped file holds good-practice defaults, not law (C. conso L121-6 and L121-7 3° forbid
pressure but fix no hours or caps); a user file may
override them. Errors name the file and the field; TOML syntax errors also give the line.
The file is held to the limits of ``recouvre.input_limits`` (UTF-8, size, nesting, integers).
"""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path
from typing import Any

from recouvre.compliance.policy import ChannelWindow, ContactPolicy
from recouvre.domain.parties import CONTACT_CHANNELS
from recouvre.input_limits import InputRefused, check_nesting, decode_utf8, read_limited
from recouvre.reference.errors import ReferenceDataError

SHIPPED_POLICY = Path(__file__).parent / "contact_policy.toml"

CAP_KEYS = (
    "max_contacts_per_day",
    "max_contacts_per_day_per_channel",
    "max_calls_per_week",
    "max_contacts_per_30_days",
)


class PolicyLoadError(ReferenceDataError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _time(value: Any, where: str, errors: list[str]) -> time | None:
    if not isinstance(value, str):
        errors.append(f"{where} : heure « HH:MM » attendue")
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        errors.append(f"{where} : heure illisible « {value} » (attendu HH:MM)")
        return None


def parse_policy(data: dict[str, Any], file: str) -> ContactPolicy:
    errors: list[str] = []
    base = ContactPolicy()
    caps: dict[str, int] = {}
    raw_caps = data.get("caps", {})
    if not isinstance(raw_caps, dict):
        errors.append(f"{file}, champ « caps » : table attendue")
        raw_caps = {}
    for key in raw_caps:
        if key not in CAP_KEYS:
            errors.append(f"{file}, champ « caps.{key} » : clé inconnue")
    for key in CAP_KEYS:
        value = raw_caps.get(key, getattr(base, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(f"{file}, champ « caps.{key} » : entier supérieur ou égal à 1 attendu")
        else:
            caps[key] = value
    windows = dict(base.windows)
    raw_windows = data.get("windows", {})
    if not isinstance(raw_windows, dict):
        errors.append(f"{file}, champ « windows » : table attendue")
        raw_windows = {}
    for name, raw in raw_windows.items():
        where = f"{file}, champ « windows.{name} »"
        if not isinstance(raw, dict):
            errors.append(f"{where} : table attendue")
            continue
        channel = next((c for c in CONTACT_CHANNELS if c.value == name), None)
        if channel is None:
            allowed = ", ".join(c.value for c in CONTACT_CHANNELS)
            errors.append(f"{where} : canal inconnu (attendu : {allowed})")
            continue
        days = raw.get("weekdays", [])
        if not isinstance(days, list) or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            errors.append(f"{where}.weekdays : liste de jours 0 (lundi) à 6 (dimanche) attendue")
            continue
        start = _time(raw.get("start", "00:00"), f"{where}.start", errors)
        end = _time(raw["end"], f"{where}.end", errors) if "end" in raw else None
        holidays = raw.get("on_public_holidays", False)
        if not isinstance(holidays, bool):
            errors.append(f"{where}.on_public_holidays : true ou false attendu")
            continue
        if start is None or ("end" in raw and end is None):
            continue
        if end is not None and end <= start:
            errors.append(f"{where}.end : doit être après start")
            continue
        windows[channel] = ChannelWindow(frozenset(days), start, end, holidays)
    if errors:
        raise PolicyLoadError(errors)
    return ContactPolicy(windows=windows, **caps)


def load_contact_policy(path: Path | None = None) -> ContactPolicy:
    """The policy in ``path`` (default: the shipped good-practice file)."""
    source = path or SHIPPED_POLICY
    try:
        text = decode_utf8(read_limited(source))
        check_nesting(text)
        data = tomllib.loads(text)
    except InputRefused as exc:
        where = f"{source}:{exc.line}" if exc.line is not None else str(source)
        raise PolicyLoadError([f"{where} : {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyLoadError([f"{source} : TOML illisible ({exc})"]) from None
    except ValueError as exc:  # an integer beyond Python's conversion limit
        raise PolicyLoadError([f"{source} : nombre illisible ({exc})"]) from None
    except OSError as exc:
        raise PolicyLoadError([f"{source} : {exc}"]) from None
    return parse_policy(data, str(source))
