"""Strategies and runners shared by the importer fuzz tests: hostile cell values, a minimal
XLSX written by hand (fast enough for hypothesis), and a parse run in a child process under a
memory limit, which reports its peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from hypothesis import strategies as st

MEMORY_LIMIT = 2 << 30  # address space of the child parsing a bomb (RLIMIT_AS)
PEAK_BOUND_MB = 1024  # what the child may reach at its peak (VmHWM)

HOSTILE_TEXT = [
    "",
    " ",
    "Dupont\x1b[2J",
    "\x1b]0;titre\x07",
    "\x00",
    "nul\x00nul",
    "Du\x85pont",
    "Du\x7fpont",
    "\u202eesrever",
    '"',
    '""',
    '"a;b"',
    ";;;",
    "\r",
    "\n",
    "x" * 40_000,
    "92233720368547758,08",
    "92 233 720 368 547 758,08",
    "1" * 5000,
    "1e26",
    "100000000000000000000000000",
    "NaN",
    "-Infinity",
    "١٢٣,٤٥",
    "１２３,４５",
    "31/12/9999",
    "01/01/0001",
    "0000-00-00",
    "٢٠٢٤-٠٣-١٥",
    "29/02/2023",
    "15/03/2024",
    "2024-03-15",
    "1 234,56",
    "10,5 %",
    "732829320",
    "73282932000017",
    "a@example.org",
    "Société Été",
    "SociÃ©tÃ© Ã‰tÃ©",
]

cell_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12),
)

HEADERS = [
    "N° facture",
    "Date de facture",
    "Échéance",
    "Montant TTC",
    "Déjà payé",
    "Raison sociale",
    "SIREN",
    "SIRET",
    "Type",
    "Email",
    "Adresse",
    "Code postal",
    "Ville",
    "Pays",
    "Taux contractuel",
    "Devise",
    "SIREN créancier",
    "Date de livraison",
    "autre",
]

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([1e26, 9.3e16, 0.30000000000000004, 2958465.0, -1.0, 1e-300]),
)


def sheet_xml(rows: list[list[object]]) -> bytes:
    """Worksheet XML with inline strings and numbers (references omitted: calamine counts)."""
    out = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    out.append("<sheetData>")
    for values in rows:
        out.append("<row>")
        for value in values:
            if isinstance(value, str):
                text = "".join(
                    c if c.isprintable() and c not in "<>&" else f"_x{ord(c):04X}_" for c in value
                )
                out.append(f'<c t="inlineStr"><is><t>{text}</t></is></c>')
            else:
                out.append(f"<c><v>{value!r}</v></c>")
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


def minimal_xlsx(path: Path, sheet: bytes) -> Path:
    """An XLSX archive around ``sheet`` (the parts calamine needs, nothing more)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="F" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from recouvre.adapters.importers import open_invoice_file
source = open_invoice_file(Path(sys.argv[1]))
issues = [str(i) for i in source.issues]
rows = 0
for row in source.rows():
    rows += 1
    issues.extend(str(i) for i in row.issues)
# VmHWM, not ru_maxrss: Linux keeps in ru_maxrss the RSS the process had before exec.
status = Path("/proc/self/status").read_text()
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) // 1024
print(json.dumps({{"issues": issues[:5], "rows": rows, "peak_mb": peak}}))
"""


def parse_in_child(path: Path, timeout: float = 40) -> dict[str, object]:
    """Open and read ``path`` in a child process limited to ``MEMORY_LIMIT`` of address space;
    its report (first issues, rows, peak RSS in MB). A native abort or a traceback fails."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    report: dict[str, object] = json.loads(done.stdout)
    return report
