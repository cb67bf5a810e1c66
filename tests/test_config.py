"""Configuration: safe defaults, a kept secret key, and one clear line for bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app import create_app
from assess.platform.config import ConfigError, ensure_writable_folder, normalize_database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"CANDOR_INSTANCE_PATH": str(tmp_path)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/candor.db"
    assert (tmp_path / "candor.db").exists()


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"CANDOR_INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"CANDOR_INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_settings_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CANDOR_BASE_URL", "https://candor.example.com/")
    monkeypatch.setenv("SMTP_URL", "smtp://mailer:pw@mail.example.com:587")
    app = create_app({"CANDOR_INSTANCE_PATH": str(tmp_path)})
    assert app.config["CANDOR_BASE_URL"] == "https://candor.example.com"
    assert app.config["SMTP_URL"] == "smtp://mailer:pw@mail.example.com:587"
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("sqlite:////abs/path.db", "sqlite:////abs/path.db"),
        ("sqlite:///instance/candor.db", "sqlite:////inst/candor.db"),
        ("sqlite:///data/x.db", "sqlite:////inst/data/x.db"),
    ],
)
def test_database_urls_are_normalized(given, expected):
    assert normalize_database_url(given, Path("/inst")) == expected


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("SMTP_URL", "mail.example.com", "SMTP_URL"),
        ("DATABASE_URL", "not a url", "DATABASE_URL"),
        ("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing", "DATABASE_URL"),
        ("CANDOR_WEBHOOK_RETRY_SECONDS", "soon", "CANDOR_WEBHOOK_RETRY_SECONDS"),
        ("CANDOR_WEBHOOKS_ALLOW_PRIVATE", "maybe", "CANDOR_WEBHOOKS_ALLOW_PRIVATE"),
        ("CANDOR_SSO_ALLOW_HTTP", "maybe", "CANDOR_SSO_ALLOW_HTTP"),
    ],
)
def test_bad_settings_stop_the_start_naming_the_setting(tmp_path, setting, value, named):
    with pytest.raises(ConfigError) as stopped:
        create_app({"CANDOR_INSTANCE_PATH": str(tmp_path), setting: value})
    message = stopped.value.format_message()
    assert message.startswith(f"{named}:")
    assert "\n" not in message
    assert " — " in message  # what is wrong — what to do


def run_flask(args, env_overrides, cwd):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unreachable_database_prints_one_line_and_no_traceback(tmp_path):
    result = run_flask(
        ["db", "upgrade"],
        {
            "CANDOR_INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing",
        },
        PROJECT_ROOT,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0] and "cannot connect" in lines[0]


def test_unwritable_instance_folder_prints_one_line(tmp_path):
    # A path under a regular file can never be created, even by root (CI runs as root,
    # where a chmod'ed folder would still be writable).
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run_flask(
        ["db", "upgrade"], {"CANDOR_INSTANCE_PATH": str(blocker / "instance")}, PROJECT_ROOT
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "CANDOR_INSTANCE_PATH" in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_many_processes_checking_the_instance_folder_at_once_all_pass(tmp_path):
    """gunicorn boots its workers together; each checks the folder is writable."""
    failures = []

    def check():
        for _ in range(200):
            try:
                ensure_writable_folder(tmp_path)
            except ConfigError as error:
                failures.append(str(error))

    workers = [threading.Thread(target=check) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert list(tmp_path.iterdir()) == []  # no probe file left behind


def test_a_catalogue_folder_that_is_missing_or_not_compiled_stops_the_start(tmp_path):
    """A language whose .po was never compiled would show its respondents English:
    the start stops with the command that fixes it instead."""
    with pytest.raises(ConfigError) as missing:
        create_app(
            {"CANDOR_INSTANCE_PATH": tmp_path / "a", "CANDOR_TRANSLATIONS_DIR": tmp_path / "no"}
        )
    assert "CANDOR_TRANSLATIONS_DIR" in str(missing.value) and "is not a folder" in str(
        missing.value
    )
    folder = tmp_path / "catalogues" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "Start"\nmsgstr "Empezar"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as uncompiled:
        create_app(
            {
                "CANDOR_INSTANCE_PATH": tmp_path / "b",
                "CANDOR_TRANSLATIONS_DIR": tmp_path / "catalogues",
            }
        )
    assert "make translations" in str(uncompiled.value)


@pytest.mark.parametrize(
    ("msgstr", "said"),
    [
        ('msgstr "<a href=\\"https://evil.example\\">Empezar</a>"', "adds a <"),
        ('msgstr "Empezar <meta http-equiv=refresh content=0;url=https://evil.example "',
         "adds a <"),
        ('msgstr "Empezar\\" hidden data-x=\\""', 'adds a "'),
        ('msgstr "Empezar al 100 % ya"', "lone %"),
        ('msgstr "Empezar %(when)s"', "a value its message does not have"),
        ('msgstr "Empezar %(num)s"', "a value its message does not have"),
    ],
)  # fmt: skip
def test_a_catalogue_that_would_break_its_pages_stops_the_start(tmp_path, msgstr, said):
    """Translations are shown as trusted text: a compiled catalogue that adds markup (a
    lone "<" too), leaves an attribute, has a lone percent sign or an unknown value is
    refused at the start, naming its message."""
    folder = tmp_path / "catalogues" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(f'msgid "Start"\n{msgstr}\n', encoding="utf-8")
    with (folder / "messages.po").open("rb") as source, (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, read_po(source))
    with pytest.raises(ConfigError) as refused:
        create_app(
            {
                "CANDOR_INSTANCE_PATH": tmp_path / "i",
                "CANDOR_TRANSLATIONS_DIR": tmp_path / "catalogues",
            }
        )
    assert said in str(refused.value) and "'Start'" in str(refused.value)


def test_a_compiled_catalogue_is_checked_not_only_its_source(tmp_path):
    """The .mo is what is served: a hostile one beside a clean, newer-looking .po is
    refused too; a broken .mo is one line, not a traceback."""
    folder = tmp_path / "catalogues" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    hostile = tmp_path / "hostile.po"
    hostile.write_text('msgid "Start"\nmsgstr "<script>x</script>"\n', encoding="utf-8")
    with hostile.open("rb") as source, (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, read_po(source))
    (folder / "messages.po").write_text('msgid "Start"\nmsgstr "Empezar"\n', encoding="utf-8")
    os.utime(folder / "messages.po", (1, 1))  # older than the .mo: "compiled"
    config = {
        "CANDOR_INSTANCE_PATH": tmp_path / "i",
        "CANDOR_TRANSLATIONS_DIR": tmp_path / "catalogues",
    }
    with pytest.raises(ConfigError) as refused:
        create_app(config)
    assert "adds a <" in str(refused.value)
    (folder / "messages.mo").write_bytes(b"\xde\x12\x04\x95" + b"\x00" * 7)  # truncated
    with pytest.raises(ConfigError) as broken:
        create_app({**config, "CANDOR_INSTANCE_PATH": tmp_path / "j"})
    assert "cannot be read" in str(broken.value) and "make translations" in str(broken.value)


def test_a_catalogue_folder_named_like_no_language_stops_the_start(tmp_path):
    folder = tmp_path / "catalogues" / "abcdefghijklmnop" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "Start"\nmsgstr "X"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        create_app(
            {
                "CANDOR_INSTANCE_PATH": tmp_path / "i",
                "CANDOR_TRANSLATIONS_DIR": tmp_path / "catalogues",
            }
        )
    assert "is not a language code" in str(refused.value)
