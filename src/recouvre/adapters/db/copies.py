"""The database's copies (``services.operations.ports.DatabaseCopies``; docs/operations.md).

SQLite: ``sqlite3.Connection.backup``, the online backup API, in one step: it reads one
consistent snapshot of the database (WAL mode: the writers go on meanwhile) into a temporary
file beside the target, renamed into place once complete, so that a copy is never half
written. A restore checks the copy read-only (``quick_check``, the ``alembic_version`` row, a
revision of the shipped migrations, the journal's table), copies the current database aside
(``<file>.avant-restauration-<UTC stamp>``, with the same backup API), then copies the source
into the database through the backup API as well (so that the WAL and the other connections
see the new content, unlike a file replaced under them).

PostgreSQL: ``pg_dump -Fc`` and ``pg_restore --clean --if-exists --no-owner`` when they are on
the PATH; the revision of a dump is read with ``pg_restore --data-only -t alembic_version -f -``;
the current database is dumped aside before a restore. Without the tools, a French error names
the commands to run by hand.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from recouvre.adapters.db.engine import sqlite_file
from recouvre.adapters.db.migrations import alembic_config
from recouvre.services.errors import CopyRefused

ASIDE = "avant-restauration"
PG_MANUAL = (
    'pg_dump -Fc -f FICHIER "$RECOUVRE_DATABASE_URL" pour une sauvegarde, pg_restore '
    '--clean --if-exists --no-owner -d "$RECOUVRE_DATABASE_URL" FICHIER pour une '
    "restauration (docs/operations.md)"
)


def known_revisions() -> frozenset[str]:
    """The migration revisions this version of recouvre ships."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(revision.revision for revision in script.walk_revisions())


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


class SqliteCopies:
    def __init__(self, path: Path) -> None:
        self.path = path

    def backup(self, target: Path) -> None:
        if not self.path.exists():
            raise CopyRefused(f"aucune base de données à {self.path} : rien à sauvegarder")
        _copy(self.path, target)

    def check(self, source: Path) -> str:
        try:
            db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise CopyRefused(
                f"{source} : lecture impossible ({error}) ; rien n'a changé"
            ) from error
        try:
            return _revision_of(db, source)
        finally:
            db.close()

    def restore(self, source: Path) -> Path | None:
        kept: Path | None = None
        if self.path.exists():
            kept = self.path.with_name(f"{self.path.name}.{ASIDE}-{_stamp()}")
            _copy(self.path, kept)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as origin, sqlite3.connect(self.path) as target:
            origin.backup(target)
        return kept


def _revision_of(db: sqlite3.Connection, source: Path) -> str:
    not_ours = f"{source} n'est pas une base recouvre"
    try:
        ok = db.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise CopyRefused(
            f"{not_ours} ({error}) : restauration refusée, rien n'a changé"
        ) from error
    if ok is None or ok[0] != "ok":
        raise CopyRefused(f"{source} : base endommagée (quick_check) ; restauration refusée")
    if "alembic_version" not in tables or "journal_entries" not in tables:
        raise CopyRefused(f"{not_ours} (tables absentes) : restauration refusée, rien n'a changé")
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    return _known(None if row is None else str(row[0]), source)


def _known(revision: str | None, source: Path) -> str:
    if revision is None or revision not in known_revisions():
        raise CopyRefused(
            f"{source} : révision de schéma inconnue de cette version de recouvre "
            f"({revision or 'aucune'}) : restauration refusée, rien n'a changé"
        )
    return revision


def _copy(source: Path, target: Path) -> None:
    """``source`` copied with the online backup API to a temporary file, renamed to ``target``."""
    partial = target.with_name(f".{target.name}.partiel")
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(source) as origin:
            copy = sqlite3.connect(partial)
            try:
                origin.backup(copy)  # one step: one consistent snapshot
            finally:
                copy.close()
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CopyRefused(f"{target} : écriture impossible ({error.strerror})") from error


def _missing(tool: str) -> str:
    return f"{tool} introuvable sur cette machine : lancez à la main {PG_MANUAL}"


class PostgresCopies:
    def __init__(self, url: sa.URL) -> None:
        self.url = url

    def _run(self, tool: str, *args: str) -> str:
        found = shutil.which(tool)
        if found is None:
            raise CopyRefused(
                f"{tool} introuvable sur cette machine : lancez à la main {PG_MANUAL}"
            )
        env = {**os.environ}
        if self.url.password:
            env["PGPASSWORD"] = str(self.url.password)
        dsn = self.url.set(drivername="postgresql", password=None)
        dsn_text = dsn.render_as_string(hide_password=False)
        done = subprocess.run(
            [found, *args, f"--dbname={dsn_text}"], env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()[-1:] or [f"code {done.returncode}"]
            raise CopyRefused(f"{tool} a échoué : {detail[0]}")
        return done.stdout

    def backup(self, target: Path) -> None:
        partial = target.with_name(f".{target.name}.partiel")
        self._run("pg_dump", "-Fc", "-f", str(partial))
        os.replace(partial, target)

    def check(self, source: Path) -> str:
        found = shutil.which("pg_restore")
        if found is None:
            raise CopyRefused(
                f"pg_restore introuvable sur cette machine : lancez à la main {PG_MANUAL}"
            )
        done = subprocess.run(
            [found, "--data-only", "-t", "alembic_version", "-f", "-", str(source)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise CopyRefused(
                f"{source} n'est pas une sauvegarde pg_dump -Fc : restauration refusée, rien "
                "n'a changé"
            )
        lines = done.stdout.splitlines()
        data = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.startswith("COPY ")]
        return _known(data[0].strip() if data and data[0] != "\\." else None, source)

    def restore(self, source: Path) -> Path | None:
        kept = source.with_name(f"{source.name}.{ASIDE}-{_stamp()}")
        self._run("pg_dump", "-Fc", "-f", str(kept))
        self._run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  str(source))  # fmt: skip
        return kept


def copies_for(engine: sa.Engine) -> SqliteCopies | PostgresCopies:
    if engine.dialect.name == "postgresql":
        return PostgresCopies(engine.url)
    path = sqlite_file(engine.url)
    if path is None:
        raise CopyRefused("base en mémoire : rien à sauvegarder ni restaurer")
    return SqliteCopies(path)
