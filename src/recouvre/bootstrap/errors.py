"""The errors an entry point shows as a French message, never as a traceback.

Each layer draws one exception tree (``domain.errors``, ``law.errors``, ``services.errors``,
``adapters.errors``); an entry point catches their roots, plus the settings' and the composition
root's own refusals, in one place (for the CLI: ``entrypoints.cli.setup.RecouvreGroup``).
``UNROOTED`` names the classes that still stand outside those trees; each belongs under the
root of its layer, and leaves this list when it is there.
"""

from __future__ import annotations

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.mail.imap_bounces import ImapError
from recouvre.adapters.pdf.typst_renderer import RenderingFailed, TemplateNotFound
from recouvre.bootstrap.app import DatabaseNotReady
from recouvre.bootstrap.outbox import BounceMailboxNotConfigured
from recouvre.domain.errors import DomainError
from recouvre.domain.money import InvalidAmount
from recouvre.law.errors import LawError
from recouvre.law.parameters import MissingLegalData
from recouvre.reference.loader import LawFileError
from recouvre.reference.policy_loader import PolicyLoadError
from recouvre.reference.scenario_loader import ScenarioLoadError
from recouvre.services.errors import ServiceError
from recouvre.services.judicial.records import UnknownEventKind, UnknownRoute
from recouvre.services.outbox.documents import PayloadError
from recouvre.services.parties.party_changes import InvalidChanges, UnknownParty
from recouvre.settings import SettingsError

ROOTS: tuple[type[Exception], ...] = (
    DomainError,
    LawError,
    ServiceError,
    AdapterError,
    SettingsError,
    DatabaseNotReady,
    BounceMailboxNotConfigured,
)

UNROOTED: tuple[type[Exception], ...] = (
    MissingLegalData,
    LawFileError,
    ScenarioLoadError,
    PolicyLoadError,
    InvalidAmount,
    InvalidChanges,
    UnknownParty,
    UnknownEventKind,
    UnknownRoute,
    PayloadError,
    ImapError,
    TemplateNotFound,
    RenderingFailed,
)

USER_ERRORS: tuple[type[Exception], ...] = ROOTS + UNROOTED
