"""Word lists for plausible French company and person names in the sample portfolio.

Names are assembled from common French surnames and trades; any resemblance to a registered
company is accidental (the SIRENs are random numbers with a valid key, not looked up).
"""

from __future__ import annotations

SURNAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Schmitt", "Weber", "Klein", "Hoarau", "Payet", "Grondin", "Jacob", "Baron", "Colin",
)  # fmt: skip

FIRST_NAMES: tuple[str, ...] = (
    "Marie", "Jean", "Nathalie", "Pierre", "Isabelle", "Michel", "Sylvie", "Philippe",
    "Catherine", "Alain", "Sophie", "Nicolas", "Sandrine", "Christophe", "Valérie", "Stéphane",
    "Céline", "Julien", "Aurélie", "Thomas", "Camille", "Léa", "Hugo", "Manon", "Lucas",
    "Chloé", "Antoine", "Émilie", "Mathieu", "Élodie", "Yannick", "Josiane", "Rémi", "Inès",
)  # fmt: skip

TRADES: tuple[str, ...] = (
    "Boulangerie", "Transports", "Garage", "Menuiserie", "Plomberie", "Imprimerie",
    "Charpentes", "Électricité", "Maçonnerie", "Paysages", "Informatique", "Restaurant",
    "Hôtel", "Carrosserie", "Pressing", "Fromagerie", "Cave", "Ambulances", "Nettoyage",
    "Peintures", "Serrurerie", "Couverture", "Traiteur", "Optique", "Librairie",
    "Menuiseries Alu", "Location Matériel", "Agencement", "Conseil", "Pharmacie",
)  # fmt: skip

BRAND_WORDS: tuple[str, ...] = (
    "Atlantique", "Provence", "Horizon", "Alpes", "Océan", "Azur", "Val de Loire", "Armor",
    "Méditerranée", "Occitanie", "Nord", "Vosges", "Rhône", "Garonne", "Cévennes", "Ardennes",
    "Bocage", "Caraïbes", "Péi", "Sud", "Concept", "Services", "Habitat", "Solutions",
)  # fmt: skip

LEGAL_FORMS: tuple[str, ...] = ("SARL", "SAS", "SAS", "EURL", "SA", "SASU", "SARL", "SNC")

MAIL_PROVIDERS: tuple[str, ...] = (
    "orange.fr",
    "free.fr",
    "gmail.com",
    "laposte.net",
    "sfr.fr",
    "wanadoo.fr",
    "hotmail.fr",
)

COMPANY_MAILBOXES: tuple[str, ...] = ("contact", "compta", "comptabilite", "facturation", "info")
