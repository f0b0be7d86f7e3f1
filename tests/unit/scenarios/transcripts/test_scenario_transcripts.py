"""Scenario timelines as readable transcripts (``*.txt`` beside this file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_transcript import run_transcript

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.txt"))


def test_there_are_transcripts() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_transcript(path: Path) -> None:
    failures = []
    for block in run_transcript(path.read_text(encoding="utf-8")):
        if block.expected != block.actual:
            failures.append(
                f"{path.name}:{block.line} {block.directive}\n"
                + "  attendu :\n"
                + "".join(f"    {line}\n" for line in block.expected)
                + "  obtenu :\n"
                + "".join(f"    {line}\n" for line in block.actual)
            )
    assert not failures, "\n".join(failures)
