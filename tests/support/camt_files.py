"""camt.053 test files written the way banks write them, in any schema version."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tx:
    amount: str | None = None
    end_to_end: str = "NOTPROVIDED"
    bank_ref: str = ""
    debtor: str = "Boulangerie Schmitt"
    debtor_iban: str = "FR7630006000011234567890189"
    ustrd: tuple[str, ...] = ()
    creditor_ref: str = ""


@dataclass
class Entry:
    amount: str
    credit: bool = True
    reversal: bool = False
    status: str = "BOOK"
    booked: str = "<Dt>2026-12-03</Dt>"
    value: str = "<Dt>2026-12-04</Dt>"
    ref: str = ""
    txs: list[Tx] = field(default_factory=lambda: [Tx()])


def camt053(
    entries: list[Entry], version: int = 2, opening: str | None = "1000.00",
    closing: str | None = None, iban: str = "FR7630004000031234567890143", copy: str = "",
) -> bytes:  # fmt: skip
    """A whole camt.053.001.0{version} document; ``closing`` defaults to the balanced one."""
    from decimal import Decimal

    if closing is None and opening is not None:
        total = Decimal(opening) + sum(
            (Decimal(e.amount) * (1 if e.credit else -1) for e in entries if e.status == "BOOK"),
            Decimal(0),
        )
        closing = str(total)
    new = version >= 8
    body = "".join(_entry(e, version, new) for e in entries)
    balances = ""
    for code, amount in (("OPBD", opening), ("CLBD", closing)):
        if amount is not None:
            sign = "DBIT" if amount.startswith("-") else "CRDT"
            balances += (
                f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
                f'<Amt Ccy="EUR">{amount.lstrip("-")}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
                "<Dt><Dt>2026-12-04</Dt></Dt></Bal>"
            )
    dup = f"<CpyDplctInd>{copy}</CpyDplctInd>" if copy else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}">\n'
        "<BkToCstmrStmt><GrpHdr><MsgId>MSG-1</MsgId>"
        "<CreDtTm>2026-12-04T06:00:00</CreDtTm></GrpHdr>\n"
        f"<Stmt><Id>STMT-1</Id>{dup}<CreDtTm>2026-12-04T06:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        f"{balances}\n{body}</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def _entry(e: Entry, version: int, new: bool) -> str:
    status = f"<Sts><Cd>{e.status}</Cd></Sts>" if new else f"<Sts>{e.status}</Sts>"
    txs = "".join(_tx(t, new) for t in e.txs)
    ref = f"<AcctSvcrRef>{e.ref}</AcctSvcrRef>" if e.ref else ""
    rvsl = "<RvslInd>true</RvslInd>" if e.reversal else ""
    return (
        f'<Ntry>\n<Amt Ccy="EUR">{e.amount}</Amt>'
        f"<CdtDbtInd>{'CRDT' if e.credit else 'DBIT'}</CdtDbtInd>{rvsl}{status}\n"
        f"<BookgDt>{e.booked}</BookgDt><ValDt>{e.value}</ValDt>{ref}\n"
        f"<NtryDtls>{txs}</NtryDtls></Ntry>\n"
    )


def _tx(t: Tx, new: bool) -> str:
    amount = f'<Amt Ccy="EUR">{t.amount}</Amt>' if t.amount else ""
    name = f"<Pty><Nm>{t.debtor}</Nm></Pty>" if new else f"<Nm>{t.debtor}</Nm>"
    bank = f"<AcctSvcrRef>{t.bank_ref}</AcctSvcrRef>" if t.bank_ref else ""
    strd = (
        f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{t.creditor_ref}</Ref></CdtrRefInf></Strd>"
        if t.creditor_ref
        else ""
    )
    ustrd = "".join(f"<Ustrd>{u}</Ustrd>" for u in t.ustrd)
    return (
        f"<TxDtls><Refs>{bank}<EndToEndId>{t.end_to_end}</EndToEndId></Refs>{amount}\n"
        f"<RltdPties><Dbtr>{name}</Dbtr><DbtrAcct><Id><IBAN>{t.debtor_iban}</IBAN></Id>"
        f"</DbtrAcct></RltdPties>\n<RmtInf>{ustrd}{strd}</RmtInf></TxDtls>\n"
    )
