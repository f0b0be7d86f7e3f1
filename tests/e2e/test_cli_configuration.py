"""The user's configuration, with no edit inside the package: ``recouvre.toml`` in the data
folder (the environment overriding it), user scenarios and contact policy installed in
``config/`` and used by the daily run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.reference.scenario_loader import SHIPPED_DIR
from recouvre.settings import SettingsError, load_channel_settings, load_settings

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _data_dir(env: dict[str, str]) -> Path:
    return Path(env["RECOUVRE_DATA_DIR"])


def _write_toml(env: dict[str, str], text: str) -> None:
    folder = _data_dir(env)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "recouvre.toml").write_text(text, encoding="utf-8")


def test_settings_come_from_recouvre_toml_and_the_environment_wins(tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path)}
    _write_toml(
        env,
        'lang = "en"\n[smtp]\nhost = "127.0.0.1"\nport = 2525\nsecurity = "none"\n'
        '[mail]\nfrom = "Durand <relances@durand.example>"\n[law]\nfile = "corrections.toml"\n',
    )
    channels = load_channel_settings(env)
    assert channels.smtp is not None
    assert (channels.smtp.host, channels.smtp.port, channels.smtp.security) == (
        "127.0.0.1",
        2525,
        "none",
    )
    assert channels.mail_from == "Durand <relances@durand.example>"
    settings = load_settings(env)
    assert settings.language == "en"
    assert settings.law_file == tmp_path / "corrections.toml"  # relative to the data folder
    overridden = load_channel_settings({**env, "RECOUVRE_SMTP_PORT": "2626"})
    assert overridden.smtp is not None and overridden.smtp.port == 2626


def test_a_wrong_settings_file_is_refused_with_the_key_named(tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path)}
    _write_toml(env, '[smtp]\nhots = "x"\nport = true\n')
    with pytest.raises(SettingsError) as error:
        load_channel_settings(env)
    assert "« [smtp] hots » : réglage inconnu" in str(error.value)
    assert "[smtp] host" in str(error.value)  # the keys it could have been
    assert "« [smtp] port » : texte ou nombre entier attendu" in str(error.value)
    code, _, err = run(env, "init")
    assert code == 1 and "recouvre.toml" in err and "réglage inconnu" in err
    _write_toml(env, "[smtp\nhost=1")
    code, _, err = run(env, "init")
    assert code == 1 and "TOML illisible" in err
    assert not (tmp_path / "recouvre.sqlite3").exists()


def _user_scenario(tmp_path: Path) -> Path:
    """The shipped consumer scenario renamed, its letter step (the one a debtor reachable by
    letter only gets first) renamed too."""
    text = (SHIPPED_DIR / "consommateurs.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Particuliers (consommateurs)", "name: Particuliers (maison)")
    assert "  - id: relance_1\n" in text
    text = text.replace("  - id: relance_1\n", "  - id: rappel_maison\n", 1)
    path = tmp_path / "mon_scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _planned_steps(env: dict[str, str]) -> dict[str, str]:
    code, out, err = run(env, "run", "--on", "2026-03-02", "--dry-run", "--json")
    assert code == 0, err
    return {line["reference"]: line["step_id"] for line in json.loads(out)["lines"]}


def test_an_installed_scenario_overrides_the_shipped_one_in_the_daily_run(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    assert _planned_steps(seeded_cli_env)["D-2026-000002"] != "rappel_maison"
    source = _user_scenario(tmp_path)
    code, out, err = run(seeded_cli_env, "scenarios", "install", str(source))
    assert code == 0, err
    assert "installé : consommateurs" in out and "remplace le scénario livré" in out
    installed = _data_dir(seeded_cli_env) / "config" / "scenarios" / "consommateurs.yaml"
    assert installed.read_bytes() == source.read_bytes()
    code, out, _ = run(seeded_cli_env, "scenarios", "list", "--json")
    origins = {s["id"]: s["origin"] for s in json.loads(out)}
    assert origins["consommateurs"] == str(installed) and origins["standard_b2b"] == "shipped"
    code, out, _ = run(seeded_cli_env, "scenarios", "show", "consommateurs")
    assert "Particuliers (maison)" in out and "utilisateur" in out
    code, out, _ = run(seeded_cli_env, "scenarios", "show", "consommateurs", "--json")
    assert "rappel_maison" in [step["id"] for step in json.loads(out)["steps"]]
    assert _planned_steps(seeded_cli_env)["D-2026-000002"] == "rappel_maison"
    # The package's own file is untouched.
    assert "rappel_maison" not in (SHIPPED_DIR / "consommateurs.yaml").read_text("utf-8")
    code, out, _ = run(seeded_cli_env, "scenarios", "remove", "consommateurs")
    assert code == 0 and not installed.exists()
    assert _planned_steps(seeded_cli_env)["D-2026-000002"] != "rappel_maison"
    code, _, err = run(seeded_cli_env, "scenarios", "remove", "standard_b2b")
    assert code == 1 and "livrés ne se suppriment pas" in err


def test_a_refused_scenario_is_not_installed(tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path / "donnees")}
    broken = tmp_path / "faux.yaml"
    broken.write_text("id: faux\nname: Faux\nsteps:\n  - id: a\n    kind: pigeon\n", "utf-8")
    code, _, err = run(env, "scenarios", "install", str(broken))
    assert code == 1 and "faux.yaml" in err and "non installé" in err
    assert not (tmp_path / "donnees" / "config").exists()


def test_a_broken_user_scenario_stops_the_run_instead_of_falling_back(
    seeded_cli_env: dict[str, str],
) -> None:
    folder = _data_dir(seeded_cli_env) / "config" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "casse.yaml").write_text("id: casse\nsteps: 3\n", encoding="utf-8")
    code, _, err = run(seeded_cli_env, "run", "--on", "2026-03-02", "--dry-run")
    assert code == 1 and "casse.yaml" in err
    code, _, err = run(seeded_cli_env, "scenarios", "list")
    assert code == 1 and "casse.yaml" in err


def test_an_installed_policy_is_shown_and_used_by_the_guard(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    code, out, _ = run(seeded_cli_env, "policy", "show", "--json")
    shipped = json.loads(out)
    assert shipped["source"].endswith("contact_policy.toml")
    assert "lundi" in shipped["windows"]["letter"]
    # 2026-03-02 is a Monday: a policy that posts letters on Tuesdays only defers case 2's letter.
    policy = tmp_path / "politique.toml"
    policy.write_text(
        '[caps]\nmax_contacts_per_30_days = 4\n[windows.letter]\nweekdays = [1]\n', "utf-8"
    )
    code, out, err = run(seeded_cli_env, "policy", "check", str(policy))
    assert code == 0 and "ok :" in out, err
    code, out, err = run(seeded_cli_env, "policy", "install", str(policy))
    assert code == 0, err
    code, out, _ = run(seeded_cli_env, "policy", "show", "--json")
    installed = json.loads(out)
    assert installed["source"] == str(_data_dir(seeded_cli_env) / "config" / "policy.toml")
    assert installed["caps"]["max_contacts_per_30_days"] == 4
    assert installed["caps"]["max_contacts_per_day"] == shipped["caps"]["max_contacts_per_day"]
    assert installed["windows"]["letter"].startswith("mardi")
    code, out, err = run(seeded_cli_env, "run", "--on", "2026-03-02", "--dry-run", "--json")
    lines = {line["reference"]: line for line in json.loads(out)["lines"]}
    assert lines["D-2026-000002"]["status"] == "deferred"
    assert lines["D-2026-000001"]["status"] != "deferred"  # not a letter: untouched


def test_a_refused_policy_changes_nothing(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    policy = tmp_path / "politique.toml"
    policy.write_text("[caps]\nmax_calls_per_week = 0\n[windows.pigeon]\n", "utf-8")
    for command in ("check", "install"):
        code, _, err = run(seeded_cli_env, "policy", command, str(policy))
        assert code == 1 and "max_calls_per_week" in err and "pigeon" in err
    assert not (_data_dir(seeded_cli_env) / "config" / "policy.toml").exists()
