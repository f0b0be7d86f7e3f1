"""Legal parameters: dated, sourced rows passed into every computation.

Why: rates, thresholds and fixed amounts change by decree, arrêté or ECB decision (the legal
rate each half-year, CMF L313-2; the 40 € indemnity, C. com. D441-5). The law functions never
hold such a number as a literal; they ask a ``LegalTables`` built by
``recouvre.reference.loader`` (shipped TOML rows plus the user's corrections) for the row in
force on a date. A row carries its source and a ``Status`` so that every result can say which
unverified or secondary facts it relied on.

Asking for a date no row covers is an error naming the key and the date
(``MissingLegalData``), never a silent reuse of an older row: half-yearly rates have an
``until`` date (end of their half-year), so asking past the last known half-year fails.
The one explicit exception is a creditor's choice « dernier taux publié »
(``LegalTables.extended_with_last_published``): the last published half-yearly rate is
prolonged by a row marked ``extends``, so that every result built on it says it is provisional
(« taux en vigueur au 01/07/2026 ; montant à parfaire »).

Worked example::

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> tables = LegalTables([
    ...     LegalRow("ecb_mro", date(2024, 1, 1), date(2024, 6, 30), Decimal("4.50"), "percent",
    ...              "Banque de France", Status.VERIFIED),
    ... ])
    >>> tables.value_on("ecb_mro", date(2024, 6, 30))
    Decimal('4.50')
    >>> tables.value_on("ecb_mro", date(2024, 7, 1))
    Traceback (most recent call last):
    ...
    recouvre.law.parameters.MissingLegalData: taux BCE (ecb_mro) inconnu pour le 2024-07-01 : ...

The keys are plain strings, listed (with their meaning and unit) in ``KEYS`` below and in
``docs/law.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.law.errors import LawError


class Status(enum.Enum):
    """Reliability of a legal row, as its source allows.

    ``VERIFIED`` = [V]; ``SECONDARY`` = [S] (secondary sources only, to re-check);
    ``UNVERIFIED`` = [U] or [K] (shown as a warning wherever used).
    """

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def label_fr(self) -> str:
        match self:
            case Status.VERIFIED:
                return "vérifié"
            case Status.SECONDARY:
                return "sources secondaires"
            case Status.UNVERIFIED:
                return "non vérifié"
            case _:
                assert_never(self)


# Documented keys: (French label used in messages, unit). Other keys are allowed (the loader
# accepts them, e.g. new fees), they simply get the key itself as label.
KEYS: dict[str, tuple[str, str]] = {
    "ecb_mro": ("taux BCE", "percent"),
    "l441_10_margin": ("majoration des pénalités L441-10", "points"),
    "l441_10_default": ("taux des pénalités de retard L441-10", "percent"),
    "l441_10_contract_floor_multiplier": ("plancher du taux contractuel (× taux légal)", "factor"),
    "til_particuliers": ("taux de l'intérêt légal (particuliers)", "percent"),
    "til_autres": ("taux de l'intérêt légal (autres cas)", "percent"),
    "fixed_indemnity": ("indemnité forfaitaire pour frais de recouvrement", "EUR"),
    "payment_term_max_days": ("délai de paiement maximal (jours date de facture)", "days"),
    "payment_term_max_days_end_of_month": ("délai de paiement maximal (jours fin de mois)", "days"),
    "payment_term_periodic_invoice_days": (
        "délai de paiement maximal (facture récapitulative)",
        "days",
    ),
    "payment_term_default_days": ("délai de paiement à défaut de convention", "days"),
    "small_claims_ceiling": ("plafond des petites créances", "EUR"),
    "representation_threshold": ("seuil de représentation obligatoire par avocat", "EUR"),
    "amicable_attempt_ceiling": ("plafond de la tentative amiable préalable (CPC 750-1)", "EUR"),
    "judgment_interest_increase": ("majoration du taux légal après jugement", "points"),
    "judgment_interest_delay_months": ("délai avant majoration du taux légal", "months"),
    "commissaire_assignation_ht": ("émolument d'assignation (commissaire, HT)", "EUR"),
    "commissaire_signification_judgment_ht": ("signification d'un jugement (HT)", "EUR"),
    "commissaire_signification_title_ht": ("signification d'un autre titre exécutoire (HT)", "EUR"),
    "commissaire_signification_payment_order_ht": (
        "signification d'une ordonnance d'injonction de payer (HT)",
        "EUR",
    ),
    "commissaire_commandement_ht": ("commandement de payer (HT)", "EUR"),
    "commissaire_urgent_service_ht": ("signification en urgence (HT)", "EUR"),
    "commissaire_travel_flat_ttc": ("frais de déplacement du commissaire (TTC)", "EUR"),
    "commissaire_coefficient_low_ceiling": (
        "tarif des commissaires : plafond du coefficient 0,5",
        "EUR",
    ),
    "commissaire_coefficient_high_floor": (
        "tarif des commissaires : seuil du coefficient 2",
        "EUR",
    ),
    "commissaire_vat_rate": ("TVA sur les émoluments des commissaires", "percent"),
    "greffe_tc_payment_order_ttc": (
        "greffe du tribunal de commerce : injonction de payer (TTC)",
        "EUR",
    ),
    "greffe_tc_opposition_ht": ("greffe du tribunal de commerce : opposition (HT)", "EUR"),
}


# The rates published once per half-year (ECB MRO, C. com. L441-10 II; taux de l'intérêt légal,
# CMF L313-2 and D313-1-A): the only keys the mode « dernier taux publié » prolongs.
PUBLISHED_RATE_KEYS = ("ecb_mro", "til_particuliers", "til_autres")


def key_label(key: str) -> str:
    """French label of a key for messages (the key itself when undocumented)."""
    known = KEYS.get(key)
    return known[0] if known else key


class MissingLegalData(LawError):
    """No legal row covers the key on the date asked: the user must add one."""

    def __init__(self, key: str, on: date, hint: str = "") -> None:
        self.key = key
        self.on = on
        message = f"{key_label(key)} ({key}) inconnu pour le {on.isoformat()}"
        message += f" : {hint}" if hint else " : ajoutez la ligne correspondante"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class LegalRow:
    """One dated legal fact.

    ``until`` is the last day the row applies (inclusive); ``None`` means in force until
    superseded by a row of the same key with a later ``effective_from``.
    """

    key: str
    effective_from: date
    until: date | None
    value: Decimal
    unit: str
    source: str
    status: Status
    note: str = ""
    # Set on a row recouvre made by prolonging the last published rate of a half-yearly key
    # (``LegalTables.extended_with_last_published``): the date of effect of that rate.
    extends: date | None = None

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.until is None or on <= self.until)

    @property
    def is_warning(self) -> bool:
        """True when a result using this row must say so (not verified)."""
        return self.status is not Status.VERIFIED


def _missing_hint(key: str, on: date) -> str:
    unit = KEYS.get(key, ("", ""))[1]
    if unit in {"percent", "points"} and key.startswith(("ecb_", "til_", "l441_10_default")):
        half = 1 if on.month <= 6 else 2
        ordinal = "1er" if half == 1 else "2e"
        return f"ajoutez la ligne du {ordinal} semestre {on.year}"
    return "ajoutez une ligne en vigueur à cette date"


class LegalTables:
    """An immutable set of legal rows with lookups by key and date.

    Rows with the same ``(key, effective_from)`` must be unique: the loader resolves
    overrides before building the tables (last one wins).
    """

    __slots__ = ("_by_key",)

    def __init__(self, rows: Iterable[LegalRow]) -> None:
        by_key: dict[str, list[LegalRow]] = {}
        seen: dict[tuple[str, date], LegalRow] = {}
        for row in rows:
            seen[(row.key, row.effective_from)] = row
        for row in seen.values():
            by_key.setdefault(row.key, []).append(row)
        for key_rows in by_key.values():
            key_rows.sort(key=lambda r: r.effective_from)
        self._by_key: dict[str, tuple[LegalRow, ...]] = {
            key: tuple(key_rows) for key, key_rows in by_key.items()
        }

    def __iter__(self) -> Iterator[LegalRow]:
        for key in sorted(self._by_key):
            yield from self._by_key[key]

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._by_key.values())

    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_key))

    def rows(self, key: str) -> tuple[LegalRow, ...]:
        """All rows of a key, oldest first (empty tuple if none)."""
        return self._by_key.get(key, ())

    def row_on(self, key: str, on: date) -> LegalRow:
        """The row of ``key`` in force on ``on``: the latest ``effective_from <= on`` that
        covers ``on``. Raises ``MissingLegalData`` if none does."""
        found: LegalRow | None = None
        for row in self._by_key.get(key, ()):
            if row.effective_from > on:
                break
            found = row
        if found is None or not found.covers(on):
            raise MissingLegalData(key, on, _missing_hint(key, on))
        return found

    def value_on(self, key: str, on: date) -> Decimal:
        return self.row_on(key, on).value

    def has(self, key: str, on: date) -> bool:
        try:
            self.row_on(key, on)
        except MissingLegalData:
            return False
        return True

    def rows_between(self, key: str, start: date, end: date) -> tuple[LegalRow, ...]:
        """The rows of ``key`` applying to some day of ``[start, end]`` (inclusive), in order.

        Raises ``MissingLegalData`` naming the first uncovered day if the rows leave a gap,
        so a slicing caller never silently skips days.
        """
        if end < start:
            return ()
        result: list[LegalRow] = []
        day = start
        while day <= end:
            row = self.row_on(key, day)
            result.append(row)
            nxt = self._next_start(key, row)
            if row.until is not None:
                boundary = date.fromordinal(row.until.toordinal() + 1)
                day = boundary if nxt is None or nxt > boundary else nxt
            elif nxt is None:
                break
            else:
                day = nxt
        return tuple(result)

    def _next_start(self, key: str, row: LegalRow) -> date | None:
        for other in self._by_key.get(key, ()):
            if other.effective_from > row.effective_from:
                return other.effective_from
        return None

    def extended_with_last_published(
        self, keys: Iterable[str] = PUBLISHED_RATE_KEYS
    ) -> LegalTables:
        """These tables with, for each half-yearly rate of ``keys`` whose last row ends
        (``until``), one more row from the next day on, open-ended, at that last published
        value, marked ``extends=<its date of effect>``: the mode « dernier taux publié » of a
        creditor (``domain.rate_policy``). A result using such a row is provisional (« montant
        à parfaire »). Gaps before the last row are not filled: they still raise."""
        added: list[LegalRow] = []
        for key in keys:
            rows = self._by_key.get(key, ())
            if not rows or rows[-1].until is None:
                continue
            last = rows[-1]
            assert last.until is not None
            added.append(
                replace(
                    last,
                    effective_from=date.fromordinal(last.until.toordinal() + 1),
                    until=None,
                    source=f"dernier taux publié, en vigueur au {last.effective_from:%d/%m/%Y} "
                    f"({last.source})",
                    note="taux non encore publié : montant à parfaire",
                    extends=last.extends or last.effective_from,
                )
            )
        return self if not added else LegalTables([*self, *added])

    def in_force(self, on: date) -> tuple[LegalRow, ...]:
        """Every key's row in force on ``on`` (keys with no such row are left out)."""
        result: list[LegalRow] = []
        for key in sorted(self._by_key):
            try:
                result.append(self.row_on(key, on))
            except MissingLegalData:
                continue
        return tuple(result)


def provisional_rate_on(rows: Iterable[LegalRow]) -> date | None:
    """The date of effect of the oldest last-published rate prolonged among ``rows`` (« taux en
    vigueur au … »), ``None`` when none was prolonged: the amount is then exact."""
    return min((r.extends for r in rows if r.extends is not None), default=None)


def warnings_of(rows: Iterable[LegalRow]) -> tuple[LegalRow, ...]:
    """The distinct non-verified rows among ``rows``, in a stable order (key, date)."""
    unique = {(r.key, r.effective_from): r for r in rows if r.is_warning}
    return tuple(unique[k] for k in sorted(unique))


def warning_text(row: LegalRow) -> str:
    """French warning line for a non-verified row."""
    text = (
        f"{key_label(row.key)} ({row.key}) du {row.effective_from.strftime('%d/%m/%Y')} : "
        f"{row.value} — {row.status.label_fr} ({row.source})"
    )
    return text + (f" ; {row.note}" if row.note else "")
