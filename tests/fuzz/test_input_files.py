"""Hostile input files (statement, prescription, scenario, contact policy, legal tables,
``recouvre.toml`` settings, court directory) under a memory and
a time limit: only the documented errors escape the loaders, memory stays bounded, and no
traceback reaches the user through the command line.

Each family runs in a forked child whose address space is capped (``RLIMIT_AS``: the size of
the test process at the fork plus ``HEADROOM``); the child must answer within ``TIME_LIMIT``
seconds and report its peak resident memory (``VmHWM``, reset once hypothesis is warmed up),
which must stay under ``PEAK_BOUND`` above what it started with.

The inputs: a corpus of hostile files made here (alias bomb, 1 000-level YAML, 100 000-level
JSON, 5 000-digit integers, Windows-1252 bytes, year 9999, 10^26 euros...), hypothesis
documents of the right shape with hostile values, and byte-level mutations of valid files;
nothing binary is committed. Each family prints how many inputs it tried and its peak.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from recouvre.adapters.files.prescriptions import PrescriptionFileError, read_prescription_file
from recouvre.adapters.files.statements import StatementFileError, read_statement_file
from recouvre.entrypoints.cli.commands import app
from recouvre.reference.court_loader import CourtFileError, load_court_file
from recouvre.reference.loader import LawFileError, load_tables
from recouvre.reference.policy_loader import PolicyLoadError, load_contact_policy
from recouvre.reference.scenario_loader import ScenarioLoadError, load_scenario_file
from recouvre.settings import SettingsError, read_settings_file

MIB = 1024 * 1024
HEADROOM = 1024 * MIB  # address space the child may add to the test process's
PEAK_BOUND = 256 * MIB  # resident memory the child may add while loading
TIME_LIMIT = 45.0  # seconds, per family
EXAMPLES = 60  # hypothesis documents and mutations per family

STATEMENT = """\
creancier: {type: entreprise, nom: Atelier Durand SARL}
debiteur: {type: entreprise, nom: Bâtiment Martin SAS}
evenements:
  - {type: mise-en-demeure, envoi: 2025-05-16, reception: 2025-05-20}
factures:
  - {numero: F-1, date: 2024-02-15, echeance: 2024-03-15, montant: "12345.67"}
paiements:
  - {date: 2025-02-10, montant: "100.00", facture: F-1}
"""
PRESCRIPTION = """\
nature: commerciale
point_de_depart: 2021-06-30
alertes: ["6 mois", "1 mois"]
evenements:
  - {type: reconnaissance, date: 2023-03-11}
"""
SCENARIO = """\
id: essai
name: Essai
steps:
  - id: relance
    kind: courtesy_email
    when: {days: 5, after: oldest_due_date}
    template: relance_courtoise
"""
POLICY = b"""\
[caps]
max_contacts_per_day = 1
[windows.email]
weekdays = [0, 1, 2, 3, 4]
start = "08:00"
end = "20:00"
"""
LAW = b"""\
[[rows]]
key = "ecb_mro"
effective_from = 2027-01-01
value = 2.40
unit = "percent"
source = "BCE"
status = "verified"
"""
SETTINGS = b"""\
lang = "fr"
[smtp]
host = "127.0.0.1"
port = 2525
[mail]
from = "Durand <relances@durand.example>"
"""
COURTS = b"""\
[[court]]
jurisdiction = "judiciaire"
name = "tribunal judiciaire de Metz"
postcodes = ["57000", "57*"]
source = "annuaire"
checked_on = 2026-12-01
"""


def alias_bomb() -> bytes:
    """644 bytes, 9 ** 9 (387 million) items once every alias is followed."""
    out = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    out += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return ("\n".join(out) + "\n").encode()


def hostile_yaml(valid: str) -> list[bytes]:
    head = valid.encode()
    return [
        alias_bomb(),
        b"a: " + b"[" * 1000 + b"]" * 1000 + b"\n",
        b"a: " + b"{b: " * 1000 + b"1" + b"}" * 1000 + b"\n",
        b"a: " + b"9" * 5000 + b"\n",
        head + b"z: " + b"9" * 5000 + b"\n",
        head.replace(b"2024-03-15", b"9999-12-31").replace(b"2021-06-30", b"9999-12-31"),
        head.replace(b"2024-02-15", b"0001-01-01").replace(b"2021-06-30", b"0001-01-01"),
        head.replace(b'"12345.67"', b"1" + b"0" * 26),
        head.replace(b'"12345.67"', b'"92233720368547758.08"'),
        head.replace(b'"6 mois"', b'"999999999 ans"').replace(b"id: relance", b"id: [1]"),
        head + head,  # every key twice
        valid.replace("Bâtiment", "Bâtiment").encode("cp1252", "replace") + b"\xe9\n",
        b"\xff\xfe\x00\x00garbage",
        b"",
        b"- [1, 2]\n- 3\n",
        b"? [a, b]\n: 1\n",
        b"1: 2\n3: [4]\n",
        b"!!python/object:os.system ls\n",
        b"a: !!binary aGVsbG8=\n",
        b"a: " + b"x" * (5 * MIB) + b"\n",
    ]


def hostile_json() -> list[bytes]:
    return [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ' * 100_000 + b"1" + b"}" * 100_000,
        b'{"factures": ' + b"9" * 5000 + b"}",
        b'{"factures": 1e999999999}',
        b'{"factures": [], "factures": {}}',
        b'{"nature": "commerciale", "point_de_depart": "31/12/9999", "alertes": ["9 ans"]}',
        b'"\\ud800"',
        b"NaN",
    ]


def hostile_toml() -> list[bytes]:
    return [
        b"a = " + b"[" * 100_000 + b"]" * 100_000,
        b"a = " + b"{b = " * 1000 + b"1" + b"}" * 1000,
        b"[caps]\nmax_calls_per_week = " + b"9" * 5000 + b"\n",
        b"caps = 3\nwindows = [1]\n",
        b"[windows]\nemail = 3\nsms = {weekdays = 7}\n",
        b"[windows.email]\nweekdays = [0]\nstart = 8\nend = '25:99'\n",
        b"[caps]\n# \xe9t\xe9\n",
        b"\x00\x01\x02",
    ]


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from(
        ["9999-12-31", "0001-01-01", "31/12/9999", "29/02/2023", "1e26", "92233720368547758.08",
         "-0.00", "NaN", "inf", "999999999 ans", "0 jour", "\x1b[2J", "", "\u0663\u0664"]
    ),
    st.text(max_size=20),
)  # fmt: skip
FIELDS = st.sampled_from(
    ["creancier", "debiteur", "factures", "paiements", "evenements", "frais", "options",
     "numero", "date", "echeance", "montant", "type", "nom", "nature", "point_de_depart",
     "alertes", "fin", "id", "name", "steps", "kind", "when", "days", "after", "caps",
     "windows", "weekdays", "start", "end", "conditions", "priority", "template"]
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FIELDS, inner, max_size=5),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(FIELDS, VALUES, max_size=7)


def _mutate(valid: bytes, data: st.DataObject) -> bytes:
    """``valid`` with a few bytes replaced, inserted or removed."""
    out = bytearray(valid)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(out)))
        what = data.draw(st.sampled_from(["flip", "insert", "cut"]))
        if what == "flip" and at < len(out):
            out[at] = data.draw(st.integers(0, 255))
        elif what == "insert":
            out[at:at] = data.draw(st.sampled_from([b"&a ", b"*a", b"[", b"{", b"\n  ", b"\xe9"]))
        else:
            del out[at : at + data.draw(st.integers(1, 8))]
    return bytes(out)


def _serialise(document: dict[str, Any], suffix: str) -> bytes:
    if suffix == ".json":
        return json.dumps(document, default=str).encode()
    if suffix == ".toml":
        lines = [f"{k} = {json.dumps(v, default=str)}" for k, v in document.items()]
        return "\n".join(lines).encode()
    return yaml.safe_dump(document, allow_unicode=True).encode()


class Family:
    """One kind of input file: its loader, its documented error, its valid sample."""

    def __init__(
        self,
        load: Callable[[Path], object],
        error: type[Exception],
        valid: bytes,
        corpus: list[tuple[str, bytes]],
    ) -> None:
        self.load, self.error, self.valid, self.corpus = load, error, valid, corpus


def _policy(path: Path) -> object:
    return load_contact_policy(path)


def _courts(path: Path) -> object:
    return load_court_file(path, user=True)


def _law(path: Path) -> object:
    return load_tables(path)


TOML_EXTRA = [
    b"[[rows]]\nkey = 1\neffective_from = 9999-12-31\nvalue = 1e308\n",
    b"[[rows]]\nkey = 'ecb_mro'\neffective_from = 0001-01-01\nvalue = '-0'\nunit = 'percent'\n",
    b"[[court]]\njurisdiction = 'commerce'\nname = '\x1b[2J'\npostcodes = ['\xd9\xa3*']\n",
    b"[[court]]\npostcodes = 75\nchecked_on = 'hier'\n",
    b"[smtp]\nport = " + b"9" * 5000 + b"\n[imap]\nca_file = '../../etc/passwd'\n",
    b"lang = true\n[smtp.inner]\nhost = 1\n",
    b"\xef\xbb\xbflang = 'en'\n",
]


FAMILIES: dict[str, Family] = {
    "statement": Family(
        read_statement_file,
        StatementFileError,
        STATEMENT.encode(),
        [(".yaml", b) for b in hostile_yaml(STATEMENT)] + [(".json", b) for b in hostile_json()],
    ),
    "prescription": Family(
        read_prescription_file,
        PrescriptionFileError,
        PRESCRIPTION.encode(),
        [(".yaml", b) for b in hostile_yaml(PRESCRIPTION)] + [(".json", b) for b in hostile_json()],
    ),
    "scenario": Family(
        load_scenario_file,
        ScenarioLoadError,
        SCENARIO.encode(),
        [(".yaml", b) for b in hostile_yaml(SCENARIO)],
    ),
    "policy": Family(_policy, PolicyLoadError, POLICY, [(".toml", b) for b in hostile_toml()]),
    "law": Family(
        _law, LawFileError, LAW, [(".toml", b) for b in hostile_toml() + TOML_EXTRA]
    ),
    "settings": Family(
        read_settings_file,
        SettingsError,
        SETTINGS,
        [(".toml", b) for b in hostile_toml() + TOML_EXTRA],
    ),
    "courts": Family(
        _courts, CourtFileError, COURTS, [(".toml", b) for b in hostile_toml() + TOML_EXTRA]
    ),
}


def _explore(name: str, folder: Path) -> dict[str, Any]:
    """Load every input of the family ``name`` (run in the limited child)."""
    family = FAMILIES[name]
    tried: list[int] = [0]
    escaped: list[str] = []

    def attempt(content: bytes, suffix: str) -> None:
        path = folder / f"{name}-{tried[0]}{suffix}"
        path.write_bytes(content)
        tried[0] += 1
        try:
            family.load(path)
        except family.error as exc:
            assert str(exc) and "Traceback" not in str(exc)
        except Exception:
            escaped.append(f"{path.name}: {traceback.format_exc(limit=-3)}")

    for suffix, content in family.corpus:
        attempt(content, suffix)
    suffix = family.corpus[0][0]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(DOCUMENTS, st.data())
    def documents_and_mutations(document: dict[str, Any], data: st.DataObject) -> None:
        attempt(_serialise(document, suffix), suffix)
        attempt(_mutate(family.valid, data), suffix)

    documents_and_mutations()
    return {"tried": tried[0], "escaped": escaped}


def _status(field: str) -> int:
    """A size from ``/proc/self/status``, in bytes."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field}")


@settings(max_examples=5, deadline=None, database=None)
@given(DOCUMENTS)
def _warm_up(document: dict[str, Any]) -> None:
    """Hypothesis builds its character tables on first use (about 200 MiB): not the loaders'."""


def _child(name: str, folder: Path, limit: int, send: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _warm_up()
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # peak := now
    start = _status("VmRSS")
    try:
        result = _explore(name, folder)
    except BaseException:
        result = {"tried": 0, "escaped": [traceback.format_exc()]}
    result["peak"] = _status("VmHWM") - start
    send.send(result)


def _limited(name: str, folder: Path) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(name, folder, _status("VmSize") + HEADROOM, send))
    child.start()
    try:
        if not receive.poll(TIME_LIMIT):
            pytest.fail(f"{name} : plus de {TIME_LIMIT} s")
        result: dict[str, Any] = receive.recv()
    finally:
        child.kill()
        child.join()
    return result


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("name", list(FAMILIES))
def test_hostile_files_give_documented_errors_in_bounded_memory(name: str, tmp_path: Path) -> None:
    result = _limited(name, tmp_path)
    print(f"{name}: {result['tried']} inputs, peak +{result['peak'] / MIB:.0f} MiB")
    assert result["escaped"] == []
    assert result["tried"] >= len(FAMILIES[name].corpus) + EXAMPLES
    assert result["peak"] < PEAK_BOUND


COMMANDS = {
    "statement": ("statement", "{file}", "--on", "2026-03-02"),
    "prescription": ("prescription", "{file}", "--on", "2026-03-02"),
    "scenario": ("scenarios", "check", "{file}"),
    "policy": ("policy", "check", "{file}"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_traceback_reaches_the_user(name: str, tmp_path: Path) -> None:
    """The commands that read these files answer every corpus file with a French message and
    exit code (the alias bomb included: it is refused before any expansion)."""
    runner = CliRunner()
    family = FAMILIES[name]
    for i, (suffix, content) in enumerate([*family.corpus, (family.corpus[0][0], family.valid)]):
        path = tmp_path / f"{name}-{i}{suffix}"
        path.write_bytes(content)
        args = [a.format(file=path) for a in COMMANDS[name]]
        result = runner.invoke(app, args)
        shown = result.output + (result.stderr if result.stderr_bytes is not None else "")
        assert "Traceback" not in shown, (path.name, shown[-2000:])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            path.name,
            "".join(traceback.format_exception(result.exception)),
        )
