"""The shipped behaviour.toml is what scripts/fit_behaviour_params.py fits on the real IBM data,
and its fitted numbers agree with the data read independently here."""

from __future__ import annotations

import csv
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from recouvre.simulation.sample.behaviour_params import load_behaviour, shipped_behaviour_path
from support.paths import REPO, shared_file

SOURCE_NAME = "data/ibm-late-payment-histories.csv"
SCRIPT = REPO / "scripts" / "fit_behaviour_params.py"


def _require_source() -> Path:
    return shared_file(SOURCE_NAME)


def test_refitting_the_real_data_reproduces_the_shipped_parameters(tmp_path: Path) -> None:
    source = _require_source()
    out = tmp_path / "behaviour.toml"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--output", str(out)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == shipped_behaviour_path().read_text(encoding="utf-8")


def test_a_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(tmp_path / "absent.csv"),
         "--output", str(tmp_path / "b.toml")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert "fichier source introuvable" in result.stderr
    assert not (tmp_path / "b.toml").exists()


def test_the_file_separates_fitted_from_assumed_and_names_its_data_set() -> None:
    tables = tomllib.loads(shipped_behaviour_path().read_text(encoding="utf-8"))
    assert set(tables) == {"source", "fitted", "assumed"}
    assert tables["source"]["file"] == Path(SOURCE_NAME).name


@pytest.mark.parametrize("disputed", [False, True])
def test_fitted_numbers_match_the_data_read_independently(disputed: bool) -> None:
    """Share on time, horizon and share paid within it, recomputed from the CSV here."""
    source = _require_source()
    with source.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["Disputed"] == "Yes") is disputed]
    late = sorted(int(r["DaysLate"]) for r in rows if int(r["DaysLate"]) > 0)
    params = load_behaviour()
    baseline = params.disputed if disputed else params.undisputed
    assert baseline.share_on_time == pytest.approx(1 - len(late) / len(rows), abs=1e-4)
    still_unpaid = [sum(d >= day for d in late) for day in range(1, 60)]
    # The horizon is the last day with at least 20 late invoices still unpaid that morning.
    assert still_unpaid[baseline.horizon_days - 1] >= 20
    assert still_unpaid[baseline.horizon_days] < 20
    within = sum(d <= baseline.horizon_days for d in late) / len(late)
    assert baseline.share_paid_within_horizon == pytest.approx(within, abs=1e-4)
    # A dispute slows payment: lower hazards in the first week.
    if disputed:
        assert baseline.hazards[0] < params.undisputed.hazards[0]
