"""Loading the court directory (``courts.toml`` shipped, then the user's
``config/courts.toml``): every problem listed with its row and field, nothing half-loaded."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from recouvre.input_limits import InputRefused, check_nesting, decode_utf8, read_limited
from recouvre.law.courts import CourtDirectory, CourtEntry, Jurisdiction
from recouvre.reference.errors import ReferenceDataError

SHIPPED_COURTS = Path(__file__).parent / "courts.toml"
USER_COURTS = "courts.toml"
_REQUIRED = ("jurisdiction", "name", "postcodes", "source", "checked_on")
_ALLOWED = {*_REQUIRED, "verified", "valid_from", "valid_to"}


class CourtFileError(ReferenceDataError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _entry(raw: Any, where: str, user: bool, errors: list[str]) -> CourtEntry | None:
    if not isinstance(raw, dict):
        errors.append(f"{where} : table attendue")
        return None
    problems = [f"{where}, champ « {k} » : inconnu" for k in raw if k not in _ALLOWED]
    problems += [f"{where}, champ « {k} » : manquant" for k in _REQUIRED if k not in raw]
    jurisdiction = next((j for j in Jurisdiction if j.value == raw.get("jurisdiction")), None)
    if "jurisdiction" in raw and jurisdiction is None:
        problems.append(f"{where}, champ « jurisdiction » : « commerce » ou « judiciaire »")
    codes = raw.get("postcodes", [])
    if not isinstance(codes, list) or not codes or not all(
        isinstance(c, str) and c.rstrip("*").isascii() and c.rstrip("*").isdigit() for c in codes
    ):
        problems.append(f"{where}, champ « postcodes » : liste de codes postaux (ou « 75* »)")
    for key in ("checked_on", "valid_from", "valid_to"):
        if key in raw and not isinstance(raw[key], date):
            problems.append(f"{where}, champ « {key} » : date AAAA-MM-JJ attendue")
    for key in ("name", "source"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            problems.append(f"{where}, champ « {key} » : texte attendu")
    if not isinstance(raw.get("verified", False), bool):
        problems.append(f"{where}, champ « verified » : true ou false attendu")
    if problems or jurisdiction is None:
        errors.extend(problems)
        return None
    return CourtEntry(
        jurisdiction=jurisdiction,
        name=" ".join(raw["name"].split()),
        postcodes=tuple(codes),
        source=raw["source"],
        checked_on=raw["checked_on"],
        verified=raw.get("verified", False),
        valid_from=raw.get("valid_from"),
        valid_to=raw.get("valid_to"),
        user=user,
    )


def load_court_file(path: Path, *, user: bool) -> tuple[CourtEntry, ...]:
    try:
        text = decode_utf8(read_limited(path))
        check_nesting(text)
        data = tomllib.loads(text)
    except InputRefused as exc:
        raise CourtFileError([f"{path} : {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CourtFileError([f"{path} : TOML illisible ({exc})"]) from None
    except OSError as exc:
        raise CourtFileError([f"{path} : lecture impossible ({exc.strerror})"]) from None
    except ValueError as exc:  # an integer beyond Python's conversion limit
        raise CourtFileError([f"{path} : nombre illisible ({exc})"]) from None
    errors = [f"{path}, champ « {k} » : inconnu ([[court]] attendu)" for k in data if k != "court"]
    rows = data.get("court", [])
    if not isinstance(rows, list):
        errors.append(f"{path}, champ « court » : liste [[court]] attendue")
        rows = []
    entries = [
        _entry(raw, f"{path}, tribunal n° {i}", user, errors) for i, raw in enumerate(rows, 1)
    ]
    if errors:
        raise CourtFileError(errors)
    return tuple(e for e in entries if e is not None)


def load_courts(config_dir: Path | None = None) -> CourtDirectory:
    """The shipped directory completed by the user's ``config/courts.toml`` when present."""
    directory = CourtDirectory(load_court_file(SHIPPED_COURTS, user=False))
    if config_dir is not None and (config_dir / USER_COURTS).is_file():
        directory = directory.with_entries(load_court_file(config_dir / USER_COURTS, user=True))
    return directory
