"""Formal notices per second: content, mentions check and typst PDF, one process.

usage: taskset -c 0 .venv/bin/python bench/letters.py --letters 200 [--pdf-standard a-2b|none]
       [--untagged]

Prints ONE JSON line: letters, seconds, letters_per_second, peak_rss_mb, plus the process CPU
time (on a shared machine, wall time includes waiting for the core) and the PDF settings.
Sample contexts are prepared before the timer (each letter differs: debtor, amounts, QR code);
the first letter (font loading) is rendered before the timer too. Target: 50 letters/s/core.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.mentions import ensure_sendable
from recouvre.letters.samples import sample_context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--pdf-standard", default="a-2b", help="a-2b (default) or none")
    parser.add_argument("--untagged", action="store_true", help="no PDF structure tags")
    args = parser.parse_args()
    standard = "" if args.pdf_standard == "none" else args.pdf_standard
    kind = DocumentKind.FORMAL_NOTICE
    contexts = [sample_context(kind, index=i + 1) for i in range(args.letters)]
    renderer = TypstLetterRenderer(pdf_standard=standard, tagged=not args.untagged)
    appearance = Appearance()
    renderer.render(build(kind, sample_context(kind)), appearance)  # warm-up: fonts loaded once

    size = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    for ctx in contexts:
        document = build(kind, ctx)
        ensure_sendable(document, ctx)
        size += len(renderer.render(document, appearance))
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    print(
        json.dumps(
            {
                "letters": args.letters,
                "seconds": round(seconds, 3),
                "letters_per_second": round(args.letters / seconds, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "cpu_seconds": round(cpu_seconds, 3),
                "letters_per_cpu_second": round(args.letters / cpu_seconds, 1),
                "kind": kind.value,
                "pdf_standard": standard or "none",
                "tagged": not args.untagged,
                "cpu_ms_per_letter": round(cpu_seconds / args.letters * 1000, 2),
                "mean_kb": round(size / args.letters / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
