"""Scenario timelines as readable transcripts (``tests/transcripts_run/*.txt``), replayed on a
real database (SQLite and PostgreSQL).

One command per line (``#`` starts a comment)::

    dossier NOM entreprise|particulier CODE_POSTAL courriel,telephone|- | ÉCHÉANCE MONTANT | ...
    tournee DATE                 la tournée du jour
    envoi DATE                   l'expéditeur envoie ce qui est en file
    jours DU AU                  tournée puis envoi, chaque jour
    paiement NOM MONTANT DATE    l'événement « paiement »
    promesse NOM MONTANT AVANT_LE DATE
    contestation NOM DATE
    actions NOM : étape/statut ...   toutes les actions du dossier, dans l'ordre
    etat NOM champ=valeur ...        phase, attitude, closure, scenario_id, plan_status
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.domain.parties import DebtorKind
from support.daily_run_world import World

FOLDER = Path(__file__).parent / "run"
TRANSCRIPTS = sorted(FOLDER.glob("*.txt"))


def play(world: World, path: Path) -> None:
    names: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}: {line}"
        word, *args = line.split()
        match word:
            case "dossier":
                head, *invoices = line.split("|")
                _, name, kind, postal, channels = head.split()
                dues = [(date.fromisoformat(d), a) for d, a in (i.split() for i in invoices)]
                names[name] = world.case(
                    *dues,
                    kind=DebtorKind.CONSUMER if kind == "particulier" else DebtorKind.COMPANY,
                    postal=postal,
                    email="courriel" in channels,
                    phone="telephone" in channels,
                )
            case "tournee":
                world.run(date.fromisoformat(args[0]))
            case "envoi":
                world.send(date.fromisoformat(args[0]))
            case "jours":
                day, last = date.fromisoformat(args[0]), date.fromisoformat(args[1])
                while day <= last:
                    world.run(day)
                    world.send(day)
                    day += timedelta(days=1)
            case "paiement":
                world.events().payment(
                    str(names[args[0]]), Decimal(args[1]), date.fromisoformat(args[2])
                )
            case "promesse":
                world.events().promise(
                    str(names[args[0]]), Decimal(args[1]), date.fromisoformat(args[2]),
                    date.fromisoformat(args[3]),
                )  # fmt: skip
            case "contestation":
                world.events().dispute(
                    str(names[args[0]]), "contestation", date.fromisoformat(args[1])
                )
            case "actions":
                expected = args[2:]
                got = [f"{a.step_id}/{a.status}" for a in world.actions(names[args[0]])]
                assert got == expected, where
            case "etat":
                row = world.case_state(names[args[0]])._mapping
                for pair in args[1:]:
                    key, value = pair.split("=")
                    assert str(row[key]) == value, f"{where} ({key} = {row[key]})"
            case _:
                pytest.fail(f"{where} : commande inconnue")


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_transcript(db_url: str, tmp_path: Path, path: Path) -> None:
    world = World(db_url, tmp_path)
    try:
        play(world, path)
    finally:
        world.close()
