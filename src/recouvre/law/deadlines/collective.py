"""The creditor's deadlines once collective proceedings are opened: one computation.

Why: from the BODACC publication of the opening judgment the creditor has two months to
declare its claim to the mandataire judiciaire, four months for a creditor living outside
metropolitan France (C. com. L622-24, R622-24); after that, the action in relief from
foreclosure before the juge-commissaire runs for six months (L622-26). Each deadline ending
on a Saturday, a Sunday or a public holiday is extended to the next working day (CPC 642).

Whose holidays: those of the place where the act is done. The declaration is addressed to
the mandataire, and the relief action brought before the juge-commissaire, both of the court
that opened the proceedings; that court is the one in whose ressort the debtor has its
registered office (C. com. R600-1). So the calendar is the debtor's département: Good Friday
and 26 December are holidays for a debtor in Moselle, Bas-Rhin or Haut-Rhin (C. trav.
L3134-13) and extend its deadlines, not those of a debtor in Lyon. A debtor without a known
French département (abroad: proceedings opened in France at the centre of its main
interests) falls back to the national calendar of ``DEFAULT_DEPARTEMENT``. The BODACC import,
the route advice and the judicial agenda all call ``collective_deadlines``, so a case shows
one date wherever it is read.

Worked example: published Tuesday 2026-02-03, the two months end on Friday 2026-04-03, Good
Friday; for a debtor in Metz (57) the declaration is due Tuesday 2026-04-07 (over Saturday,
Sunday and Easter Monday), for a debtor in Lyon (69) on the Friday itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recouvre.law.calendar import DEFAULT_DEPARTEMENT, HolidayCalendar
from recouvre.law.deadlines.cpc import METROPOLITAN, Deadline, Residence, ResidenceKind
from recouvre.law.deadlines.procedures import DeadlineKind, deadline_for
from recouvre.law.parameters import LegalRow, LegalTables


@dataclass(frozen=True, slots=True)
class CollectiveDeadlines:
    """The claim declaration's last day (R622-24) and the relief action's (L622-26)."""

    declaration: Deadline
    relief: Deadline

    @property
    def rows(self) -> tuple[LegalRow, ...]:
        """Every legal row both deadlines used, so a caller can show the unverified ones."""
        return (*self.declaration.rows, *self.relief.rows)


def court_calendar(debtor_seat: Residence) -> HolidayCalendar:
    """The holidays of the court that opens collective proceedings against a debtor whose
    registered office is ``debtor_seat`` (C. com. R600-1), for the acts done before it."""
    known = debtor_seat.kind is not ResidenceKind.ABROAD and debtor_seat.departement
    return HolidayCalendar.for_departement(
        debtor_seat.departement if known and debtor_seat.departement else DEFAULT_DEPARTEMENT
    )


def collective_deadlines(
    published_on: date,
    *,
    tables: LegalTables,
    debtor_seat: Residence,
    creditor_residence: Residence = METROPOLITAN,
) -> CollectiveDeadlines:
    """The creditor's deadlines after an opening judgment published on ``published_on``.

    ``debtor_seat`` chooses the calendar (see the module docstring); ``creditor_residence``
    the R622-24 extension of the declaration (two more months outside metropolitan France).
    """
    calendar = court_calendar(debtor_seat)
    declaration = deadline_for(
        DeadlineKind.CLAIM_DECLARATION,
        published_on,
        tables=tables,
        calendar=calendar,
        residence=creditor_residence,
    )
    relief = deadline_for(
        DeadlineKind.FORECLOSURE_RELIEF, published_on, tables=tables, calendar=calendar
    )
    return CollectiveDeadlines(declaration, relief)
