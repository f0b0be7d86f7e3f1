"""The day's paper letters as files: one PDF per action, then one print batch per day.

Layout in the data folder::

    courrier/2026-11-23/000000042.pdf    the letter of action 42
    courrier/2026-11-23/000000042.json   its label: idempotency key, reference, recipient,
                                         registered, SHA-256 (written last: the commit mark)
    impression/lot-2026-11-23.pdf        the print batch: cover sheet + every letter of the day

The batch is rebuilt at the end of a run whenever a letter was filed since it was last built
(also after a crash between filing and merging), and left as it is otherwise.

Filing is the letters' « provider call »: once the label is in place the letter is in the
day's batch and will be printed and posted. Both files are written to a temporary name and
renamed, so a crash leaves either a complete letter with its label or no label at all; after a
crash the sender asks ``find`` whether the letter of an action was filed (then it is sent) or
not (then nothing left the office and it is safely filed again).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from recouvre.adapters.files.atomic import write_atomic
from recouvre.adapters.pdf.print_batch import BatchLetter, build_print_batch
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.domain.parties import Channel
from recouvre.services.outbox.dispatch import FiledLetter, PrintedBatch
from recouvre.services.outbox.model import OutboxAction


class FolderLetterTray:
    def __init__(self, data_dir: Path, renderer: TypstLetterRenderer) -> None:
        self.root = data_dir / "courrier"
        self.batches = data_dir / "impression"
        self.renderer = renderer

    def _name(self, action: OutboxAction) -> str:
        return f"{action.id:09d}"

    def file(self, on: date, action: OutboxAction, pdf: bytes, recipient: str) -> FiledLetter:
        folder = self.root / on.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        name = self._name(action)
        digest = hashlib.sha256(pdf).hexdigest()
        write_atomic(folder / f"{name}.pdf", pdf)
        label = {
            "action_id": action.id,
            "idempotency_key": action.idempotency_key,
            "reference": str(action.payload.get("case_reference") or f"action {action.id}"),
            "recipient": recipient,
            "registered": action.channel is Channel.REGISTERED_LETTER,
            "sha256": digest,
        }
        write_atomic(folder / f"{name}.json", json.dumps(label, ensure_ascii=False).encode())
        return FiledLetter(_ref(on, name), digest, on)

    def find(self, action: OutboxAction) -> FiledLetter | None:
        name = self._name(action)
        for label_path in sorted(self.root.glob(f"*/{name}.json")):
            label = json.loads(label_path.read_text(encoding="utf-8"))
            if label.get("idempotency_key") != action.idempotency_key:
                continue
            pdf = label_path.with_suffix(".pdf")
            if not pdf.exists() or hashlib.sha256(pdf.read_bytes()).hexdigest() != label["sha256"]:
                continue
            on = date.fromisoformat(label_path.parent.name)
            return FiledLetter(_ref(on, name), str(label["sha256"]), on)
        return None

    def pdf_of(self, action_id: int) -> Path | None:
        """The letter filed for an action, on any day (``recouvre case documents``)."""
        found = sorted(self.root.glob(f"*/{action_id:09d}.pdf")) if self.root.exists() else []
        return found[-1] if found else None

    def assemble(self, on: date) -> PrintedBatch | None:
        folder = self.root / on.isoformat()
        letters = []
        for label_path in sorted(folder.glob("*.json")) if folder.exists() else []:
            label = json.loads(label_path.read_text(encoding="utf-8"))
            letters.append(
                BatchLetter(
                    pdf=label_path.with_suffix(".pdf"),
                    reference=str(label["reference"]),
                    recipient=str(label["recipient"]),
                    registered=bool(label["registered"]),
                )
            )
        if not letters:
            return None
        self.batches.mkdir(parents=True, exist_ok=True)
        out = self.batches / f"lot-{on.isoformat()}.pdf"
        registered = sum(1 for letter in letters if letter.registered)
        newest = max(letter.pdf.with_suffix(".json").stat().st_mtime_ns for letter in letters)
        if out.exists() and out.stat().st_mtime_ns > newest:  # nothing filed since: keep it
            return PrintedBatch(str(out), len(letters), registered)
        batch = build_print_batch(letters, out, on=on, renderer=self.renderer)
        return PrintedBatch(str(batch.volumes[0].path), batch.letters, batch.registered)


def _ref(on: date, name: str) -> str:
    return f"courrier:{on.isoformat()}:{name}"

