"""The FEC import (fichier des écritures comptables, LPF A47 A-1): a creditor's accounting
export read for its customer accounts, turned into debtors and open invoices through the invoice
import pipeline (``services.imports.invoices``).

``ledger`` holds what a reader hands over (the customer lines of a checked file), ``receivables``
the pure rules that make invoices of them (sales, lettering, derived due dates), ``importer``
the use case and its report."""
