"""Every kind of journal entry has a French name a person (a judge) can read."""

from __future__ import annotations

from recouvre.domain.events.base import JournalKind
from recouvre.domain.events.labels import JOURNAL_LABELS_FR, journal_label


def test_every_kind_has_a_french_label() -> None:
    missing = [kind.value for kind in JournalKind if kind not in JOURNAL_LABELS_FR]
    assert missing == []
    labels = list(JOURNAL_LABELS_FR.values())
    assert len(set(labels)) == len(labels)  # no two facts read alike
    assert all("_" not in label and label[:1].isupper() for label in labels)


def test_a_stored_kind_reads_in_french_and_an_unknown_one_as_itself() -> None:
    assert journal_label("action_sent") == "Document envoyé"
    assert journal_label("contact_deferred") == "Contact différé par le garde-fou"
    assert journal_label("anchor_made_in_2030") == "anchor_made_in_2030"
