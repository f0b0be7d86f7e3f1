"""Legal texts reproduced verbatim in letters, with their source.

CPCE R124-4 5° requires an agency's letter to the debtor to reproduce paragraphs 2 and 3 of
CPCE L111-8. Text as in force on 2026-11-22, verified against the official text. If the
article changes, correct it here
*and* in the snapshots: the mentions checker compares the reproduction word for word.
It stays in French in English documents: a translation would not be the reproduction.
"""

from __future__ import annotations

L111_8_PARAGRAPH_2 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, "
    "sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. "
    "Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire."
)

L111_8_PARAGRAPH_3 = (
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour "
    "recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais "
    "ainsi exposés à la charge du débiteur de mauvaise foi."
)

# Phrases that make a private letter look like a court or bailiff document (C. pén. 433-13 and
# 444-5): refused anywhere in a document. Compared after lower-casing and with no-break spaces
# made ordinary. Policy data, extend as needed.
IMITATION_PHRASES: tuple[str, ...] = (
    "république française",
    "au nom du peuple français",
    "commandement de payer",
    "dernier avis avant saisie",
    "avis de saisie",
    "avis avant poursuites",
    "acte d'huissier",
    "exploit d'huissier",
    "signification",
    "sommation de payer",
    "procès-verbal",
    "formule exécutoire",
    "greffe",
    "ordonnance",
)

# Words that must not appear in a heading, the subject or the sender's name: they would present
# the sender as a court, an officer or a public body.
IMITATION_TITLE_WORDS: tuple[str, ...] = (
    "tribunal",
    "huissier",
    "commissaire de justice",
    "justice",
    "juridiction",
    "officier",
    "ministère",
    "trésor public",
)

# Actions never open to an amicable letter: a seizure needs an enforceable title (CPCE L111-2),
# so announcing one is a threat of an action that is not legally possible (C. conso L121-6).
IMPOSSIBLE_THREATS: tuple[str, ...] = (
    "saisie sur salaire",
    "saisie de vos biens",
    "saisie de votre compte",
    "saisie immédiate",
    "inscription au fichier",
    "poursuites pénales",
)
