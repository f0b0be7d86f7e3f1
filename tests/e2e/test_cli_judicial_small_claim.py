"""Transcript of ``recouvre judicial advise`` for a 690 € consumer claim (issue 11, item 18):
the injonction de payer, without a hearing, comes before the assignation au fond, whose
costs are disproportionate to such a claim; each route says the threshold and its costs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
NNBSP = "\u202f"


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return date(2026, 3, 2)


def add_consumer_case(env: dict[str, str]) -> str:
    """A third case on the seeded database: 690,00 € owed by a consumer in Lyon."""
    from recouvre.bootstrap import build
    from recouvre.domain.cases import Case
    from recouvre.domain.claims import Invoice
    from recouvre.domain.parties import Address, Debtor, DebtorKind
    from recouvre.settings import load_settings

    built = build(load_settings(env), clock=Clock(), actor="test:seed")
    with built.uow() as uow:
        creditor = next(c for c in uow.creditors.list() if c.name == "Transports Martin")
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.CONSUMER, "Paul Girard",
                   address=Address(("12 rue Duguesclin",), "69006", "Lyon"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 2, 1)))
        assert case.id
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, "M-90", date(2025, 12, 16), date(2026, 1, 15),
                    Decimal("690.00")), case.id
        )  # fmt: skip
        uow.commit()
        reference = uow.cases.get(case.id)
    built.dispose()
    assert reference is not None
    return reference.reference


def test_advise_690_consumer_ranks_the_payment_order_before_the_summons(
    seeded_cli_env: dict[str, str],
) -> None:
    reference = add_consumer_case(seeded_cli_env)
    result = runner.invoke(
        app, ["judicial", "advise", reference, "--on", "2026-03-02"], env=seeded_cli_env
    )
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.replace(NNBSP, " ").split())
    assert f"Dossier {reference} au 02/03/2026 : 690,00 €" in text, text
    assert text.index("1. injonction de payer") < text.index("2. assignation au fond"), text
    assert (
        "classement : demande de 690,00 € en principal et intérêts, sous le plafond de "
        "5 000,00 € des petites créances (CPCE R125-1) ; voie sans audience, frais attendus"
    ) in text
    assert (
        "frais attendus 205,00 € (assignation, audience, signification du jugement), "
        "disproportionnés : classée après la voie « injonction de payer » (150,00 € de frais, "
        "sans audience)"
    ) in text, text
    assert "Traceback" not in result.stdout + result.stderr
