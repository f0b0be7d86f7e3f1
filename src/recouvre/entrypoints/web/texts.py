"""The interface's words in English (``RECOUVRE_LANG=en``), keyed by the French the templates
write: French first, a word absent here stays French. The journal's and enums' labels come
from ``entrypoints.cli.labels`` and stay French."""

from __future__ import annotations

from collections.abc import Callable

ENGLISH: dict[str, str] = {
    "Tableau de bord": "Dashboard",
    "Dossiers": "Cases",
    "Dossier": "Case",
    "Se connecter": "Sign in",
    "Connexion": "Sign in",
    "Se déconnecter": "Sign out",
    "Identifiant": "Login",
    "Mot de passe": "Password",
    "Encours": "Outstanding",
    "Échu": "Overdue",
    "dossiers ouverts": "open cases",
    "factures impayées": "unpaid invoices",
    "Actions du jour": "Today's actions",
    "À valider": "Awaiting approval",
    "Balance âgée": "Ageing balance",
    "Rechercher": "Search",
    "Filtrer": "Filter",
    "Créancier": "Creditor",
    "Débiteur": "Debtor",
    "Phase": "Phase",
    "Attitude": "Attitude",
    "Montant minimal": "Minimum amount",
    "Trier par": "Sort by",
    "Référence": "Reference",
    "Factures": "Invoices",
    "Reste dû": "Outstanding",
    "Plus ancienne échéance": "Oldest due date",
    "Dû aujourd'hui": "Owed today",
    "Prochaine action": "Next action",
    "Journal de preuve": "Evidence journal",
    "Documents envoyés": "Documents sent",
    "Paiements": "Payments",
    "Tous": "All",
    "Toutes": "All",
    "Précédente": "Previous",
    "Suivante": "Next",
    "Page introuvable": "Page not found",
}


def translator(language: str) -> Callable[[str], str]:
    if language != "en":
        return lambda text: text
    return lambda text: ENGLISH.get(text, text)
