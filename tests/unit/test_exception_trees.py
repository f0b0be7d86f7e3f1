"""Every exception of recouvre stands in one layer's tree, and each tree is drawn where it is
rooted: the entry points can catch the roots and miss nothing.

Two families stay outside on purpose: ``letters.channels.ChannelError`` (the contract of the
``Mailer`` and ``SmsGateway`` ports, caught whole by the outbox dispatcher) and the command
line's own ``DemoAborted`` (raised and caught inside ``recouvre demo``). ``settings.SettingsError``
is the settings' own root (settings and adapters are sibling layers), caught by the entry points
beside the five roots; ``input_limits.InputRefused`` is the YAML loader's signal, always turned
into its file's own error before it leaves the loader, as ``adapters.importers.einvoice._Refused``
is the e-invoice reader's, turned into the file's import issues; ``messages_catalog.CatalogueError``
is a broken entry of the shipped English catalogue, a programming error its unit tests catch.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys

import pytest

import recouvre
from recouvre.adapters.errors import AdapterError
from recouvre.domain.errors import DomainError
from recouvre.law.errors import LawError
from recouvre.letters.channels import ChannelError
from recouvre.reference.errors import ReferenceDataError
from recouvre.services.errors import ServiceError

ROOTS: tuple[type[Exception], ...] = (
    DomainError,
    LawError,
    ServiceError,
    AdapterError,
    ReferenceDataError,
)
OUTSIDE = {
    "recouvre.entrypoints.cli.demo.DemoAborted",
    "recouvre.settings.SettingsError",
    "recouvre.input_limits.InputRefused",
    "recouvre.adapters.importers.einvoice._Refused",
    "recouvre.entrypoints.cli.messages_catalog.CatalogueError",
}


def _exceptions() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(recouvre.__path__, "recouvre."):
        if ".migrations." in info.name or info.name.endswith(".__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


EXCEPTIONS = _exceptions()


def _name(cls: type[BaseException]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_every_exception_has_a_root() -> None:
    homeless = sorted(
        _name(cls)
        for cls in EXCEPTIONS
        if not issubclass(cls, (*ROOTS, ChannelError)) and _name(cls) not in OUTSIDE
    )
    assert homeless == []


def test_the_roots_do_not_overlap() -> None:
    for cls in EXCEPTIONS:
        assert sum(issubclass(cls, root) for root in ROOTS) <= 1, _name(cls)


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: root.__name__)
def test_each_tree_is_drawn_in_its_root_module(root: type[Exception]) -> None:
    drawing = sys.modules[root.__module__].__doc__ or ""
    members = {cls.__name__ for cls in EXCEPTIONS if issubclass(cls, root) and cls is not root}
    assert members, f"{root.__name__} has no member"
    assert sorted(name for name in members if name not in drawing) == []
