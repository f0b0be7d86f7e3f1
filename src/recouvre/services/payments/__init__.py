"""Money in: bank statements imported, each payment matched to its case and applied before the
next reminder (C. conso L121-6: no reminder for a debt already paid)."""
