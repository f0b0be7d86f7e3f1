"""FEC files written by hand for the tests (``adapters.importers.fec``, ``import fec``).

``fec_line`` builds the 18 values of one line; ``fec_bytes`` joins lines under the header with a
chosen separator, line end, padding and encoding, so that one set of entries can be written in
each of the forms real exports take."""

from __future__ import annotations

from collections.abc import Sequence

HEADER = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip

_ACCOUNT_LABELS = {"411": "Clients", "512": "Banque", "706": "Prestations de services",
                   "445": "TVA collectée", "401": "Fournisseurs", "607": "Achats"}  # fmt: skip


def fec_line(
    journal: str,
    number: str,
    day: str,
    account: str,
    debit: str = "0,00",
    credit: str = "0,00",
    *,
    aux: str = "",
    aux_name: str = "",
    piece: str = "",
    piece_day: str | None = None,
    lettering: str = "",
    lettered_on: str = "",
    label: str = "libellé",
) -> list[str]:
    """One line: ``day`` is AAAAMMJJ; the journal's label and the account's come with them."""
    return [
        journal, {"VE": "Ventes", "BQ": "Banque", "AC": "Achats"}.get(journal, journal), number,
        day, account, _ACCOUNT_LABELS.get(account[:3], "Compte"), aux, aux_name, piece,
        day if piece_day is None else piece_day, label, debit, credit, lettering, lettered_on,
        day, "", "",
    ]  # fmt: skip


def fec_bytes(
    lines: Sequence[Sequence[str]],
    *,
    separator: str = "\t",
    end: str = "\n",
    header: Sequence[str] = HEADER,
    pad: int = 0,
    trailing: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    """The file: header then lines, values padded to ``pad`` characters when asked."""
    def row(values: Sequence[str]) -> str:
        cells = [v.ljust(pad) for v in values]
        return separator.join(cells) + (separator if trailing else "")

    return end.join(row(v) for v in (header, *lines)).encode(encoding) + end.encode()


# A small FEC of one creditor (services rendered, VAT 20 %):
# - F-0001 to C001 (Métallerie Lorraine), 1 200,00 on 01/09/2026, 50,00 paid by an unlettered
#   transfer bearing its reference: 1 150,00 open;
# - F-0002 to C002 (Boulangerie Schmitt), 600,00 on 05/09/2026, lettered AA with its payment;
# - F-0003 to C001, 300,00 on 10/09/2026, lettered AB with a payment of 100,00 (partial):
#   200,00 open;
# - a transfer of 80,00 from C002 that nothing ties to an invoice (listed, not applied).
SMALL_FEC = (
    fec_line("VE", "1", "20260901", "411000", "1200,00", aux="C001",
             aux_name="Métallerie Lorraine", piece="F-0001"),
    fec_line("VE", "1", "20260901", "706000", credit="1000,00", piece="F-0001"),
    fec_line("VE", "1", "20260901", "445710", credit="200,00", piece="F-0001"),
    fec_line("VE", "2", "20260905", "411000", "600,00", aux="C002",
             aux_name="Boulangerie Schmitt", piece="F-0002", lettering="AA",
             lettered_on="20260920"),
    fec_line("VE", "2", "20260905", "706000", credit="500,00", piece="F-0002"),
    fec_line("VE", "2", "20260905", "445710", credit="100,00", piece="F-0002"),
    fec_line("BQ", "3", "20260920", "512000", "600,00", piece="VIR-0920"),
    fec_line("BQ", "3", "20260920", "411000", credit="600,00", aux="C002",
             aux_name="Boulangerie Schmitt", piece="VIR-0920", lettering="AA",
             lettered_on="20260920"),
    fec_line("VE", "4", "20260910", "411000", "300,00", aux="C001",
             aux_name="Métallerie Lorraine", piece="F-0003", lettering="AB",
             lettered_on="20260925"),
    fec_line("VE", "4", "20260910", "706000", credit="250,00", piece="F-0003"),
    fec_line("VE", "4", "20260910", "445710", credit="50,00", piece="F-0003"),
    fec_line("BQ", "5", "20260925", "512000", "100,00", piece="VIR-0925"),
    fec_line("BQ", "5", "20260925", "411000", credit="100,00", aux="C001",
             aux_name="Métallerie Lorraine", piece="VIR-0925", lettering="AB",
             lettered_on="20260925"),
    fec_line("BQ", "6", "20260926", "512000", "50,00", piece="F-0001"),
    fec_line("BQ", "6", "20260926", "411000", credit="50,00", aux="C001",
             aux_name="Métallerie Lorraine", piece="F-0001"),
    fec_line("BQ", "7", "20260927", "512000", "80,00", piece="VIR-0927"),
    fec_line("BQ", "7", "20260927", "411000", credit="80,00", aux="C002",
             aux_name="Boulangerie Schmitt", piece="VIR-0927"),
)  # fmt: skip
