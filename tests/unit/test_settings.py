"""``recouvre.settings``: the one module that reads the environment, on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.settings import (
    DEFAULT_RUN_PAGE_SIZE,
    CrashSwitch,
    SettingsError,
    load_channel_settings,
    load_language,
    load_settings,
)


def test_defaults_when_nothing_is_set() -> None:
    settings = load_settings({})
    assert settings.data_dir == Path("recouvre-data")
    assert settings.database_url == "sqlite:///recouvre-data/recouvre.sqlite3"
    assert settings.run_page_size == DEFAULT_RUN_PAGE_SIZE
    assert settings.crash == CrashSwitch()  # no crash switch outside the crash tests
    assert load_language({}) == "fr"


def test_the_crash_switches_and_the_page_size_come_from_the_settings() -> None:
    settings = load_settings(
        {
            "RECOUVRE_TEST_CRASH_AT": "after_claim",
            "RECOUVRE_RUN_CRASH_AFTER_PAGES": "3",
            "RECOUVRE_RUN_PAGE_SIZE": "250",
        }
    )
    assert settings.crash == CrashSwitch(send_at="after_claim", run_after_pages=3)
    assert settings.run_page_size == 250


@pytest.mark.parametrize("name", ["RECOUVRE_RUN_PAGE_SIZE", "RECOUVRE_RUN_CRASH_AFTER_PAGES"])
@pytest.mark.parametrize("value", ["abc", "0", "-2"])
def test_a_count_that_is_not_a_positive_integer_is_refused_in_french(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"{name} : « {value} » n'est pas un nombre"):
        load_settings({name: value})


def test_channel_settings() -> None:
    assert load_channel_settings({}).smtp is None
    tls = load_channel_settings({"RECOUVRE_SMTP_HOST": "smtp.exemple.fr",
                                 "RECOUVRE_SMTP_SECURITY": "TLS"})  # fmt: skip
    assert tls.smtp is not None and (tls.smtp.port, tls.smtp.security) == (465, "tls")
    sms = load_channel_settings({"RECOUVRE_SMS_URL": "https://sms.exemple.fr/api"}).sms
    assert sms is not None and sms.url == "https://sms.exemple.fr/api"
    with pytest.raises(SettingsError, match="RECOUVRE_SMTP_SECURITY : « ssl » inconnu"):
        load_channel_settings({"RECOUVRE_SMTP_HOST": "h", "RECOUVRE_SMTP_SECURITY": "ssl"})
    with pytest.raises(SettingsError, match="RECOUVRE_SMTP_PORT : « x »"):
        load_channel_settings({"RECOUVRE_SMTP_HOST": "h", "RECOUVRE_SMTP_PORT": "x"})


@pytest.mark.parametrize("folder", ["données?v=1", "a#b", "avec espace", "100%"])
def test_the_database_lies_in_the_data_folder_whatever_its_name(
    folder: str, tmp_path: Path
) -> None:
    """A ``?`` in ``RECOUVRE_DATA_DIR`` used to end the URL's path: the database was created
    elsewhere. The engine built from the settings' URL opens the file inside the folder."""
    from recouvre.adapters.db.engine import create_engine_for

    data_dir = tmp_path / folder
    settings = load_settings({"RECOUVRE_DATA_DIR": str(data_dir)})
    engine = create_engine_for(settings.database_url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.commit()
    finally:
        engine.dispose()
    assert (data_dir / "recouvre.sqlite3").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]


def test_the_user_law_file_is_config_law_toml_unless_recouvre_law_file_says(
    tmp_path: Path,
) -> None:
    from recouvre.rates_feed_settings import load_rates_feed_settings

    settings = load_settings({"RECOUVRE_DATA_DIR": str(tmp_path)})
    assert settings.law_file is None  # nothing to read yet
    assert settings.user_law_file == tmp_path / "config" / "law.toml"
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "law.toml").write_text("", encoding="utf-8")
    assert load_settings({"RECOUVRE_DATA_DIR": str(tmp_path)}).law_file == (
        tmp_path / "config" / "law.toml"
    )
    own = tmp_path / "mine.toml"
    chosen = load_settings({"RECOUVRE_DATA_DIR": str(tmp_path), "RECOUVRE_LAW_FILE": str(own)})
    assert chosen.law_file == chosen.user_law_file == own
    (tmp_path / "recouvre.toml").write_text(
        'ecb_url = "http://127.0.0.1:9/ecb.csv"\nrates_timeout = 3\n', encoding="utf-8"
    )
    feeds = load_rates_feed_settings({"RECOUVRE_DATA_DIR": str(tmp_path)})
    assert (feeds.ecb_url, feeds.timeout) == ("http://127.0.0.1:9/ecb.csv", 3)
    assert feeds.legal_rate_url.startswith("https://webstat.banque-france.fr/")
    with pytest.raises(SettingsError, match="RECOUVRE_ECB_URL"):
        load_rates_feed_settings({"RECOUVRE_DATA_DIR": str(tmp_path), "RECOUVRE_ECB_URL": "ftp://x"})
