"""Real French towns with one of their real postal codes, for sample addresses.

Three French groups, because the law treats them differently and the sample must contain each:
metropolitan France outside Alsace-Moselle, Alsace-Moselle (départements 57, 67, 68: local
public holidays and local law), and the overseas départements (971-976: distance extensions of
procedural deadlines, CPC 643-644); and a few towns abroad (the country line of the address,
two months of distance extension, CPC 643). ``phone_prefix`` is the landline prefix of the
area (01 to 05 in metropolitan France, 0590/0596/0594/0262/0269 overseas).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    postal_code: str
    phone_prefix: str


METROPOLITAN: tuple[Town, ...] = (
    Town("Paris", "75011", "01"),
    Town("Paris", "75015", "01"),
    Town("Paris", "75017", "01"),
    Town("Boulogne-Billancourt", "92100", "01"),
    Town("Montreuil", "93100", "01"),
    Town("Créteil", "94000", "01"),
    Town("Versailles", "78000", "01"),
    Town("Argenteuil", "95100", "01"),
    Town("Lyon", "69003", "04"),
    Town("Lyon", "69007", "04"),
    Town("Villeurbanne", "69100", "04"),
    Town("Marseille", "13008", "04"),
    Town("Aix-en-Provence", "13100", "04"),
    Town("Toulon", "83000", "04"),
    Town("Nice", "06000", "04"),
    Town("Montpellier", "34000", "04"),
    Town("Nîmes", "30000", "04"),
    Town("Grenoble", "38000", "04"),
    Town("Saint-Étienne", "42000", "04"),
    Town("Annecy", "74000", "04"),
    Town("Clermont-Ferrand", "63000", "04"),
    Town("Perpignan", "66000", "04"),
    Town("Avignon", "84000", "04"),
    Town("Ajaccio", "20000", "04"),
    Town("Bastia", "20200", "04"),
    Town("Toulouse", "31000", "05"),
    Town("Bordeaux", "33000", "05"),
    Town("Mérignac", "33700", "05"),
    Town("Pau", "64000", "05"),
    Town("Bayonne", "64100", "05"),
    Town("Limoges", "87000", "05"),
    Town("Poitiers", "86000", "05"),
    Town("La Rochelle", "17000", "05"),
    Town("Agen", "47000", "05"),
    Town("Nantes", "44000", "02"),
    Town("Saint-Nazaire", "44600", "02"),
    Town("Rennes", "35000", "02"),
    Town("Brest", "29200", "02"),
    Town("Quimper", "29000", "02"),
    Town("Angers", "49000", "02"),
    Town("Le Mans", "72000", "02"),
    Town("Tours", "37000", "02"),
    Town("Orléans", "45000", "02"),
    Town("Caen", "14000", "02"),
    Town("Rouen", "76000", "02"),
    Town("Le Havre", "76600", "02"),
    Town("Lille", "59000", "03"),
    Town("Roubaix", "59100", "03"),
    Town("Amiens", "80000", "03"),
    Town("Reims", "51100", "03"),
    Town("Troyes", "10000", "03"),
    Town("Dijon", "21000", "03"),
    Town("Besançon", "25000", "03"),
    Town("Nancy", "54000", "03"),
    Town("Épinal", "88000", "03"),
    Town("Chalon-sur-Saône", "71100", "03"),
)

ALSACE_MOSELLE: tuple[Town, ...] = (
    Town("Strasbourg", "67000", "03"),
    Town("Haguenau", "67500", "03"),
    Town("Sélestat", "67600", "03"),
    Town("Colmar", "68000", "03"),
    Town("Mulhouse", "68100", "03"),
    Town("Metz", "57000", "03"),
    Town("Thionville", "57100", "03"),
    Town("Sarreguemines", "57200", "03"),
)

OVERSEAS: tuple[Town, ...] = (
    Town("Pointe-à-Pitre", "97110", "0590"),
    Town("Les Abymes", "97139", "0590"),
    Town("Fort-de-France", "97200", "0596"),
    Town("Le Lamentin", "97232", "0596"),
    Town("Cayenne", "97300", "0594"),
    Town("Saint-Denis", "97400", "0262"),
    Town("Saint-Pierre", "97410", "0262"),
    Town("Mamoudzou", "97600", "0269"),
)


@dataclass(frozen=True, slots=True)
class ForeignTown:
    """A town abroad (ISO country code), with a real postal code and a street of it, written
    the way that country writes it (number after the street name in Belgium and Germany)."""

    name: str
    postal_code: str
    country: str
    street: str
    phone_prefix: str  # the country's international prefix, for a mobile number


# A French creditor's customers who live abroad, near the border (their letters carry the
# country line, La Poste / UPU S42).
ABROAD: tuple[ForeignTown, ...] = (
    ForeignTown("Bruxelles", "1000", "BE", "Rue de la Loi", "+32 4"),
    ForeignTown("Liège", "4000", "BE", "Boulevard d'Avroy", "+32 4"),
    ForeignTown("Saarbrücken", "66111", "DE", "Bahnhofstraße", "+49 1"),
    ForeignTown("Freiburg im Breisgau", "79098", "DE", "Kaiser-Joseph-Straße", "+49 1"),
    ForeignTown("Luxembourg", "1111", "LU", "Rue de la Gare", "+352 6"),
    ForeignTown("Genève", "1201", "CH", "Rue de Lausanne", "+41 7"),
)

STREET_KINDS: tuple[str, ...] = (
    "rue",
    "rue",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "chemin",
    "allée",
    "impasse",
    "quai",
)

STREET_NAMES: tuple[str, ...] = (
    "de la République",
    "Victor Hugo",
    "Jean Jaurès",
    "du Général de Gaulle",
    "Pasteur",
    "de la Gare",
    "des Lilas",
    "du Moulin",
    "de l'Église",
    "Gambetta",
    "Jules Ferry",
    "de la Liberté",
    "des Écoles",
    "du Stade",
    "Émile Zola",
    "de Verdun",
    "Carnot",
    "de la Paix",
    "des Tilleuls",
    "du Château",
    "Voltaire",
    "Saint-Martin",
    "de Bretagne",
    "Lamartine",
    "des Vignes",
    "du Port",
    "Anatole France",
    "de la Fontaine",
    "Paul Bert",
    "des Acacias",
)

BUSINESS_PARKS: tuple[str, ...] = (
    "ZA des Portes",
    "ZI Nord",
    "Parc d'activités du Levant",
    "ZAC de la Plaine",
    "Espace Entreprises",
)
