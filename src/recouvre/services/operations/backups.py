"""Copies of the database (``recouvre backup``, ``recouvre restore``; docs/operations.md).

The evidence journal is worth only as much as its copies: a backup must be consistent even
while a daily run writes (SQLite's online backup API copies one snapshot; ``pg_dump`` reads in
one transaction), and a restore must never replace a working database by something that is not
a recouvre database. So a restore checks the file first (a recouvre database, at a migration
revision this version knows), keeps the database it replaces aside as a copy, and only then
replaces it; any refusal leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from recouvre.services.errors import CopyRefused
from recouvre.services.operations.ports import DatabaseCopies, RunLock


@dataclass(frozen=True, slots=True)
class Restored:
    source: Path
    revision: str
    kept_aside: Path | None
    behind: bool  # the copy's schema is older than the code's: ``recouvre init`` upgrades it


def backup(copies: DatabaseCopies, target: Path, force: bool) -> Path:
    """Write a consistent copy to ``target``; an existing file is refused unless ``force``."""
    if target.exists() and not force:
        raise CopyRefused(
            f"{target} existe déjà : rien n'a été écrit ; choisissez un autre fichier ou "
            "ajoutez --force pour le remplacer"
        )
    if target.exists() and target.is_dir():
        raise CopyRefused(f"{target} est un dossier : indiquez un fichier")
    copies.backup(target)
    return target


def check(copies: DatabaseCopies, source: Path) -> str:
    """The revision of the copy ``source``; refused if it is no recouvre database."""
    if not source.is_file():
        raise CopyRefused(f"{source} : fichier introuvable ; rien n'a changé")
    return copies.check(source)


def restore(
    copies: DatabaseCopies,
    lock: RunLock,
    source: Path,
    head: str,
    confirm: Callable[[str], bool],
) -> Restored | None:
    """Replace the database by ``source`` once checked and ``confirm(revision)`` agreed (no
    run may be in progress: the run lock is held meanwhile); ``None`` when not confirmed."""
    revision = check(copies, source)
    if not confirm(revision):
        return None
    if not lock.acquire():
        raise CopyRefused(
            "une tournée est en cours : restauration refusée, rien n'a changé ; relancez-la "
            "une fois la tournée terminée (recouvre status)"
        )
    try:
        kept = copies.restore(source)
    finally:
        lock.release()
    return Restored(source, revision, kept, behind=revision != head)
