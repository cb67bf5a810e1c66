"""Configuration: read once in `create_app`, never at import time.

Every setting has a safe default so that `make run` needs nothing installed or set:
SQLite in the instance folder, jobs in-process, mail kept in the in-app outbox, and a
secret key generated into the instance folder on first start and kept.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click

from assess.core.i18n import Catalogs
from assess.core.i18n.catalogs import SHIPPED_DIR

DEFAULT_DATABASE_URL = "sqlite:///instance/candor.db"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"

# (environment variable, what it does, default shown in the README table)
SETTINGS = (
    ("DATABASE_URL", "SQLAlchemy URL of the database", DEFAULT_DATABASE_URL),
    ("REDIS_URL", "Redis for the job queue; unset runs jobs in-process", "unset"),
    (
        "SMTP_URL",
        "smtp[s]://user:pass@host:port for outgoing mail; unset keeps mail in the outbox",
        "unset",
    ),
    ("SECRET_KEY", "signs sessions and CSRF tokens", "generated into instance/secret_key"),
    ("CANDOR_BASE_URL", "public address used in links sent by email", DEFAULT_BASE_URL),
    ("CANDOR_MAIL_FROM", "sender address of outgoing mail", "candor@localhost"),
    ("CANDOR_INSTANCE_PATH", "folder for the SQLite file, secret key and reports", "instance/"),
    ("CANDOR_DATABASE_WAIT", "seconds to wait for the database at start", "5"),
    (
        "CANDOR_TRUSTED_PROXIES",
        "how many reverse proxies (nginx, a load balancer) stand in front and set "
        "X-Forwarded-For; the client address, which the sign-in and link limits count by, "
        "is read from the entry they added",
        "0",
    ),
    (
        "CANDOR_SSO_ALLOW_HTTP",
        "let single sign-on use an identity provider at a plain http:// address (a test "
        "provider on loopback); never on a real one",
        "false",
    ),
    (
        "CANDOR_WEBHOOKS_ALLOW_PRIVATE",
        "let webhooks go to loopback, private-network and link-local addresses (a receiver "
        "on your own network); off, a webhook URL must reach a public internet address",
        "false",
    ),
    (
        "CANDOR_WEBHOOK_RETRY_SECONDS",
        "seconds before a failed webhook is tried again; each later retry waits twice as "
        "long, 8 tries in all",
        "30",
    ),
    (
        "CANDOR_API_RATE_LIMIT",
        "requests each API token may make per minute; past it the API answers 429 with Retry-After",
        "600",
    ),
    (
        "CANDOR_VALIDITY_MIN_REPS",
        'fewest reps with both a score and an outcome before "Does it predict here?" gives '
        "a correlation; below it the page says there are not enough reps to say",
        "20",
    ),
    (
        "CANDOR_TRANSLATIONS_DIR",
        "folder of message catalogues, one `<language>/LC_MESSAGES/messages.po` (and its "
        "compiled .mo) each; a survey is offered in every language there that its bank "
        "also has (docs/languages.md)",
        "the shipped assess/translations",
    ),
)


class ConfigError(click.ClickException):
    """A setting that stops the start. Its message is one line: what, and what to do.

    It is a ClickException so that every `flask --app app ...` command prints it as one
    line and exits 1 instead of showing a stack trace.
    """

    exit_code = 2


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Return the app configuration from the environment, with `overrides` on top.

    `overrides` comes from `create_app(config)` (tests pass it); it wins over the
    environment, so a test never depends on the shell it runs in.
    """
    overrides = dict(overrides or {})
    env = os.environ

    def setting(name: str, default=None):
        if name in overrides:
            return overrides.pop(name)
        value = env.get(name, "").strip()
        return value or default

    ensure_writable_folder(instance_path)
    config = {
        "DATABASE_URL": normalize_database_url(
            setting("DATABASE_URL", DEFAULT_DATABASE_URL), instance_path
        ),
        "REDIS_URL": setting("REDIS_URL"),
        "SMTP_URL": check_smtp_url(setting("SMTP_URL")),
        "SECRET_KEY": setting("SECRET_KEY") or instance_secret_key(instance_path),
        "CANDOR_BASE_URL": setting("CANDOR_BASE_URL", DEFAULT_BASE_URL).rstrip("/"),
        "CANDOR_MAIL_FROM": setting("CANDOR_MAIL_FROM", "candor@localhost"),
        "CANDOR_DATABASE_WAIT": database_wait(setting("CANDOR_DATABASE_WAIT", "5")),
        "CANDOR_TRUSTED_PROXIES": trusted_proxies(setting("CANDOR_TRUSTED_PROXIES", "0")),
        "CANDOR_SSO_ALLOW_HTTP": switch(
            "CANDOR_SSO_ALLOW_HTTP", setting("CANDOR_SSO_ALLOW_HTTP", "false")
        ),
        "CANDOR_WEBHOOKS_ALLOW_PRIVATE": switch(
            "CANDOR_WEBHOOKS_ALLOW_PRIVATE", setting("CANDOR_WEBHOOKS_ALLOW_PRIVATE", "false")
        ),
        "CANDOR_WEBHOOK_RETRY_SECONDS": retry_seconds(
            setting("CANDOR_WEBHOOK_RETRY_SECONDS", "30")
        ),
        "CANDOR_API_RATE_LIMIT": api_rate_limit(setting("CANDOR_API_RATE_LIMIT", "600")),
        "CANDOR_VALIDITY_MIN_REPS": validity_min_reps(setting("CANDOR_VALIDITY_MIN_REPS", "20")),
        "CANDOR_TRANSLATIONS_DIR": translations_dir(setting("CANDOR_TRANSLATIONS_DIR")),
        "REPORTS_DIR": str(instance_path / "reports"),
        # CSV uploads waiting for their preview's confirmation (platform/uploads.py)
        "UPLOADS_DIR": str(instance_path / "uploads"),
        # A survey page carries at most a few dozen short answers; anything bigger is
        # either a mistake or an attack and gets a 413 before it is parsed.
        "MAX_CONTENT_LENGTH": 512 * 1024,
        # A respondent may leave a survey page open for hours; a CSRF token that expired
        # meanwhile would throw away what they typed. The token lives as long as the
        # (signed) session instead.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }
    config["SESSION_COOKIE_SECURE"] = config["CANDOR_BASE_URL"].startswith("https://")
    config.update(overrides)
    return config


def translations_dir(value) -> str | None:
    """The catalogues' folder (None: the shipped ones), each compiled (`make translations`)."""
    folder = Path(value) if value else SHIPPED_DIR
    if not folder.is_dir():
        raise ConfigError(
            f"CANDOR_TRANSLATIONS_DIR: {folder} is not a folder — point it at a folder of "
            "<language>/LC_MESSAGES/messages.po catalogues, or unset it for the shipped ones."
        )
    problem = Catalogs(folder).problem()
    if problem is not None:
        raise ConfigError(f"CANDOR_TRANSLATIONS_DIR: {problem}.")
    return str(folder) if value else None


def database_wait(value) -> float:
    """Seconds a starting process waits for the database (one restarting alongside it)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1
    if not 0 <= seconds <= 600:
        raise ConfigError(
            f"CANDOR_DATABASE_WAIT: {value!r} is not a number of seconds from 0 to 600 — "
            "set it to how long a starting process may wait for the database, e.g. 5."
        )
    return seconds


def trusted_proxies(value) -> int:
    """How many proxies' X-Forwarded-For entries to trust (0: none; the peer address)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and int(text) <= 5):
        raise ConfigError(
            f"CANDOR_TRUSTED_PROXIES: {value!r} is not a number from 0 to 5 — set it to how "
            "many reverse proxies stand in front of Candor (1 behind the README's nginx)."
        )
    return int(text)


def retry_seconds(value) -> float:
    """The wait before a failed webhook's first retry (tests use a fraction of a second)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1
    if not 0 < seconds <= 3600:
        raise ConfigError(
            f"CANDOR_WEBHOOK_RETRY_SECONDS: {value!r} is not a number of seconds above 0 and "
            "up to 3600 — set it to the wait before a failed webhook is tried again, e.g. 30."
        )
    return seconds


def api_rate_limit(value) -> int:
    """Requests per token per minute (a number from a test as is)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 10_000_000):
        raise ConfigError(
            f"CANDOR_API_RATE_LIMIT: {value!r} is not a whole number of requests from 1 — set "
            "it to how many calls one API token may make per minute, e.g. 600."
        )
    return int(text)


def validity_min_reps(value) -> int:
    """Fewest reps for a correlation: at least 4 (its interval needs n > 3); fewer than
    the default 20 gives intervals too wide to read as a finding (docs/outcomes.md)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 4 <= int(text) <= 100_000):
        raise ConfigError(
            f"CANDOR_VALIDITY_MIN_REPS: {value!r} is not a whole number of reps from 4 — set "
            "it to how many reps a correlation needs before it is shown, e.g. 20."
        )
    return int(text)


def switch(name: str, value) -> bool:
    """An on/off setting: true/false, 1/0, yes/no, on/off (a bool from a test as is)."""
    if isinstance(value, bool):
        return value
    words = {"true": True, "1": True, "yes": True, "on": True}
    words |= {"false": False, "0": False, "no": False, "off": False}
    text = str(value).strip().lower()
    if text not in words:
        raise ConfigError(f"{name}: {value!r} is not on or off — set it to true or false.")
    return words[text]


def ensure_writable_folder(folder: Path) -> None:
    """Create `folder` if needed and prove we can write into it, or stop with one line.

    The probe file has a name of its own per process: gunicorn boots its workers at the
    same moment, and with one shared name one worker's clean-up removed the file
    another was about to remove, which stopped that worker and with it the server."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise ConfigError(
            f"CANDOR_INSTANCE_PATH: cannot write to {folder} ({error.strerror}) — make the "
            "folder writable by this user or point CANDOR_INSTANCE_PATH at one that is."
        ) from None


def normalize_database_url(url: str, instance_path: Path) -> str:
    """Pin the driver and make relative SQLite paths independent of the working folder.

    `postgres://` and `postgresql://` (what hosting providers hand out) are mapped to
    psycopg 3, the driver we ship. A relative SQLite path such as the default
    `sqlite:///instance/candor.db` is placed in the instance folder.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigError(
            f"DATABASE_URL: {url!r} is not a database URL — use sqlite:///path/to/file.db "
            "or postgresql://user@host:5432/dbname."
        )
    if scheme in ("postgres", "postgresql"):
        return "postgresql+psycopg://" + rest
    if scheme.startswith("sqlite"):
        path = rest[1:] if rest.startswith("/") else rest
        if path in ("", ":memory:"):
            return url
        if not path.startswith("/"):
            relative = Path(path)
            if relative.parts and relative.parts[0] == "instance":
                relative = Path(*relative.parts[1:])
            path = str(instance_path / relative)
        return f"{scheme}:///{path}"
    return url


def check_smtp_url(url: str | None) -> str | None:
    """Refuse an SMTP_URL we could not use, at start rather than at the first email."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(
            f"SMTP_URL: {url!r} is not usable — write smtp://user:password@host:587 "
            "(STARTTLS when the server offers it) or smtps://user:password@host:465."
        )
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the generated secret key, creating it (mode 0600) on first start.

    Written to a temporary name and renamed, so two processes starting at once end up
    with the same key and neither reads a half-written file.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    temporary = key_file.with_name(f".secret_key.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(temporary, key_file)  # fails if another process won the race
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return key_file.read_text().strip()
