"""Where the tests find their files, and the rule for the project's shared material.

The shared folder (``../shared`` beside the repository) holds data that is read in place and
never copied into the repository (licences differ). A clone of the repository alone must pass:
a test that needs a shared file skips with the reason when the folder is absent, and fails when
``CI`` is set, where the folder is always laid beside the clone and its absence is a defect.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
SNAPSHOTS = TESTS / "snapshots"
SHARED = REPO.parent / "shared"


def shared_file(relative: str) -> Path:
    """The shared file ``relative`` (under ``../shared``), or skip (fail under CI) without it."""
    path = SHARED / relative
    if path.exists():
        return path
    reason = (
        f"fichier partagé introuvable : {path} (attendu dans ../shared à côté du dépôt ; "
        "il n'est jamais copié dans le dépôt)"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
