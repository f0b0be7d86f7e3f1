"""BODACC announcements of collective proceedings as read: what a judgment does
(``JudgmentKind``, classified from its nature), the announcement, the problems of a record, and
the key of an announcement without ``id`` (``content_key``). The export readers are in
``importers.bodacc``."""

from __future__ import annotations

import enum
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from recouvre.law.routes.rules import CollectiveKind

COLLECTIVE_FAMILY = "collective"


class JudgmentKind(enum.Enum):
    """What the published judgment does, as far as collection is concerned."""

    OPENING_SAFEGUARD = "ouverture_sauvegarde"
    OPENING_RECEIVERSHIP = "ouverture_redressement"
    LIQUIDATION = "liquidation"  # opening, conversion or pronouncement of a liquidation
    PLAN = "plan"  # plan de sauvegarde, de redressement or de cession (adopted or modified)
    CLOSURE = "cloture"
    OTHER = "autre"  # deposits of lists of claims, appeals, other judgments

    @property
    def collective_kind(self) -> CollectiveKind | None:
        """The proceedings this judgment opens (or converts to), if any."""
        match self:
            case JudgmentKind.OPENING_SAFEGUARD:
                return CollectiveKind.SAFEGUARD
            case JudgmentKind.OPENING_RECEIVERSHIP:
                return CollectiveKind.RECEIVERSHIP
            case JudgmentKind.LIQUIDATION:
                return CollectiveKind.LIQUIDATION
            case JudgmentKind.PLAN | JudgmentKind.CLOSURE | JudgmentKind.OTHER:
                return None
            case _:
                assert_never(self)


def fold(text: str) -> str:
    """Lower case without accents, for classification."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


_OPENING_WORDS = ("ouverture", "ouvrant", "prononcant", "conversion", "extension")
_NEW_PROCEEDINGS_WORDS = ("ouverture", "ouvrant", "conversion")


def classify_judgment(family: str, nature: str) -> JudgmentKind:
    """The kind of a judgment from its ``nature`` (its ``famille`` when the nature is empty),
    case and accents ignored. The checks run in a fixed order:

    closure; liquidation opened, converted or pronounced; a plan (unless the same judgment
    opens new proceedings); receivership or safeguard opened; any other plan; other.
    """
    text = fold(nature) or fold(family)
    opening = any(word in text for word in _OPENING_WORDS)
    new_proceedings = any(word in text for word in _NEW_PROCEEDINGS_WORDS)
    if "cloture" in text:
        return JudgmentKind.CLOSURE
    if "liquidation judiciaire" in text and opening:
        return JudgmentKind.LIQUIDATION
    if "plan" in text and not new_proceedings:
        return JudgmentKind.PLAN
    if opening and "redressement judiciaire" in text:
        return JudgmentKind.OPENING_RECEIVERSHIP
    if opening and "sauvegarde" in text:
        return JudgmentKind.OPENING_SAFEGUARD
    if "plan" in text:
        return JudgmentKind.PLAN
    return JudgmentKind.OTHER


@dataclass(frozen=True, slots=True)
class BodaccAnnouncement:
    """One collective-proceedings announcement, as published."""

    record: int  # 1-based record number in the file
    announcement_id: str
    number: str
    sirens: tuple[str, ...]
    kind: JudgmentKind
    family: str
    nature: str
    complement: str
    tribunal: str
    judgment_date: date | None
    publication_date: date
    notice_type: str  # annonce (avis initial), rectificatif, annulation
    debtor_name: str
    departement: str
    # True when the record had no ``id``: ``announcement_id`` is then ``contenu:`` and a digest
    # of what the announcement says (``content_key``), so that two announcements without id
    # stay two, and the same one imported twice stays one.
    id_from_content: bool = False


@dataclass(frozen=True, slots=True)
class BodaccIssue:
    """A problem in one record: where (record, CSV line, field) and what, in French."""

    record: int
    field: str
    message: str
    line: int | None = None

    def text_fr(self, origin: str) -> str:
        where = f"{origin}, enregistrement n° {self.record}"
        if self.line is not None:
            where += f" (ligne {self.line})"
        return f"{where}, champ « {self.field} » : {self.message}"


@dataclass(frozen=True, slots=True)
class BodaccImport:
    """What a file held: the announcements read, the problems, the records skipped."""

    origin: str
    announcements: tuple[BodaccAnnouncement, ...]
    issues: tuple[BodaccIssue, ...]
    skipped: int = 0  # records of other families (creations, sales, accounts...)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def without_id(self) -> int:
        """How many announcements had no ``id`` and are keyed by their content."""
        return sum(a.id_from_content for a in self.announcements)

    def errors_fr(self) -> tuple[str, ...]:
        return tuple(issue.text_fr(self.origin) for issue in self.issues)

    def for_siren(self, siren: str) -> tuple[BodaccAnnouncement, ...]:
        return tuple(a for a in self.announcements if siren in a.sirens)


def content_key(a: BodaccAnnouncement) -> str:
    """``contenu:`` and a SHA-256 digest of what an announcement says (SIRENs, judgment, dates,
    court, number, notice type, complement, name): the key of an announcement without ``id``."""
    said = [
        list(a.sirens), a.family, a.nature, a.judgment_date and a.judgment_date.isoformat(),
        a.publication_date.isoformat(), a.tribunal, a.number, a.notice_type, a.complement,
        a.debtor_name,
    ]  # fmt: skip
    digest = hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()
    return f"contenu:{digest[:40]}"
