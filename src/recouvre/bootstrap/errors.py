"""The errors an entry point shows as a French message, never as a traceback.

Each layer draws one exception tree in its root module: ``domain.errors.DomainError``,
``law.errors.LawError``, ``services.errors.ServiceError``, ``adapters.errors.AdapterError``,
``reference.errors.ReferenceDataError``; the settings have ``settings.SettingsError``. An entry
point catches these roots in one place (for the CLI: ``entrypoints.cli.setup.RecouvreGroup``);
``tests/unit/test_exception_trees.py`` holds every exception class of the package under one.
"""

from __future__ import annotations

from recouvre.adapters.errors import AdapterError
from recouvre.domain.errors import DomainError
from recouvre.law.errors import LawError
from recouvre.reference.errors import ReferenceDataError
from recouvre.services.errors import ServiceError
from recouvre.settings import SettingsError

USER_ERRORS: tuple[type[Exception], ...] = (
    DomainError,
    LawError,
    ServiceError,
    AdapterError,
    ReferenceDataError,
    SettingsError,
)


def database_busy(error: BaseException) -> bool:
    """``error`` says another process held the database's write lock past the busy timeout
    (``adapters.db.engine.is_lock_timeout``): the entry point says so, with its own exit code
    (docs/daily-run.md, « Base occupée »), never a traceback."""
    from recouvre.adapters.db.engine import is_lock_timeout

    return is_lock_timeout(error)
