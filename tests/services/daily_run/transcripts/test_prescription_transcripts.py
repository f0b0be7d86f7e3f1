"""Prescription timelines as readable transcripts (``prescription/*.txt`` beside this file),
replayed with the real daily run on SQLite and PostgreSQL (legal tables loaded: the run
screens prescription).

Format (``#`` starts a comment; the lines a directive prints are indented by two spaces under
it, as in ``scenario_transcript.py``)::

    dossier NOM entreprise|particulier CODE_POSTAL | ÉCHÉANCE MONTANT | ...
    promesse NOM MONTANT AVANT_LE LE       une promesse de paiement enregistrée le LE
    tournee DATE                           la tournée du jour ; imprime les actions émises :
      NOM ÉTAPE STATUT [: motif d'un refus]   et les dossiers clos : « NOM clos (motif) »
    revue                                  la file de validation : « NOM ÉTAPE »
    valider NOM ÉTAPE DATE                 une personne valide l'action en attente
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.bootstrap import run_settings
from recouvre.domain.parties import DebtorKind
from support.daily_run_world import World

FOLDER = Path(__file__).parent / "prescription"
TRANSCRIPTS = sorted(FOLDER.glob("*.txt"))
STATUS_FR = {
    "queued": "en file",
    "awaiting_approval": "à valider",
    "deferred": "reporté",
    "cancelled": "refusé",
}


@dataclass(frozen=True)
class Block:
    line: int
    directive: str
    expected: tuple[str, ...]
    actual: tuple[str, ...]


def play(world: World, text: str) -> list[Block]:
    names: dict[str, int] = {}
    settings = run_settings(world.app)
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        raw = lines[i].split("#", 1)[0].rstrip()
        number = i + 1
        i += 1
        if not raw.strip():
            continue
        expected: list[str] = []
        while i < len(lines) and lines[i].startswith("  "):
            expected.append(lines[i].strip())
            i += 1
        word, *args = raw.split()
        out: list[str] = []
        match word:
            case "dossier":
                head, *invoices = raw.split("|")
                _, name, kind, postal = head.split()
                dues = [(date.fromisoformat(d), a) for d, a in (x.split() for x in invoices)]
                names[name] = world.case(
                    *dues,
                    kind=DebtorKind.CONSUMER if kind == "particulier" else DebtorKind.COMPANY,
                    postal=postal,
                    opened=min(d for d, _ in dues),
                )
            case "promesse":
                world.events().promise(
                    str(names[args[0]]), Decimal(args[1]), date.fromisoformat(args[2]),
                    date.fromisoformat(args[3]),
                )  # fmt: skip
            case "tournee":
                day = date.fromisoformat(args[0])
                by_id = {v: k for k, v in names.items()}
                before = {n: world.case_state(c).phase for n, c in names.items()}
                report = world.run(day, settings=settings)
                world.send(day)
                for line in report.lines:
                    text_line = f"{by_id[line.case_id]} {line.step_id} {STATUS_FR[line.status]}"
                    if line.status == "cancelled" and line.reason:
                        text_line += " : " + line.reason.removeprefix("refusé : ")
                    out.append(text_line)
                for name, case_id in names.items():
                    state = world.case_state(case_id)
                    if state.phase == "closed" and before[name] != "closed":
                        out.append(f"{name} clos ({state.closure})")
            case "revue":
                by_id = {v: k for k, v in names.items()}
                out.extend(
                    f"{by_id[item.case_id]} {item.step_id}" for item in world.review().pending()
                )
            case "valider":
                name, step, day = args[0], args[1], date.fromisoformat(args[2])
                [item] = [
                    x
                    for x in world.review().pending()
                    if x.case_id == names[name] and x.step_id == step
                ]
                world.review().approve(item.id, day)
            case _:
                raise ValueError(f"ligne {number} : directive inconnue « {word} »")
        blocks.append(Block(number, raw, tuple(expected), tuple(out)))
    return blocks


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_prescription_transcript(db_url: str, tmp_path: Path, path: Path) -> None:
    world = World(db_url, tmp_path)
    try:
        blocks = play(world, path.read_text(encoding="utf-8"))
    finally:
        world.close()
    failures = [
        f"{path.name}:{b.line} {b.directive}\n  attendu :\n"
        + "".join(f"    {x}\n" for x in b.expected)
        + "  obtenu :\n"
        + "".join(f"    {x}\n" for x in b.actual)
        for b in blocks
        if b.expected != b.actual
    ]
    assert not failures, "\n".join(failures)


def test_there_are_prescription_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 2
