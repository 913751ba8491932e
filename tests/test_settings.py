"""Settings come from the environment; production refuses to start without a real secret."""

import os
import subprocess
import sys

from django.conf import settings

REAL_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter; return (exit code, output)."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    code = "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    code, output = load_settings("preciseu_kb.settings.prod", ALLOWED_HOSTS="kb.example.org")
    assert code != 0
    assert "SECRET_KEY must be set" in output


def test_production_refuses_the_development_key_and_short_keys():
    for key in ("django-insecure-development-only-never-in-production", "short"):
        code, output = load_settings(
            "preciseu_kb.settings.prod", SECRET_KEY=key, ALLOWED_HOSTS="kb.example.org"
        )
        assert code != 0 and "SECRET_KEY must be set" in output


def test_production_needs_allowed_hosts_and_is_not_debug():
    code, output = load_settings("preciseu_kb.settings.prod", SECRET_KEY=REAL_KEY)
    assert code != 0 and "ALLOWED_HOSTS" in output
    code, output = load_settings(
        "preciseu_kb.settings.prod", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="kb.example.org"
    )
    assert code == 0, output
    assert output.strip() == "False ['kb.example.org']"


def test_development_defaults_are_local_and_overridable():
    code, output = load_settings("preciseu_kb.settings.dev")
    assert output.strip() == "True ['localhost', '127.0.0.1', '[::1]']"
    code, output = load_settings("preciseu_kb.settings.dev", DEBUG="false", ALLOWED_HOSTS="a,b")
    assert output.strip() == "False ['a', 'b']"


def test_database_defaults_to_sqlite_in_the_project_unless_database_url_says_otherwise():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "preciseu_kb.settings.dev"
    run = [sys.executable, "-c", code]
    default = subprocess.run(run, env=environment, capture_output=True, text=True, timeout=60)
    assert default.stdout.split() == [
        "django.db.backends.sqlite3",
        str(settings.BASE_DIR / "db.sqlite3"),
    ]
    environment["DATABASE_URL"] = "postgres://kb@db.example.org:5432/kb"
    postgres = subprocess.run(run, env=environment, capture_output=True, text=True, timeout=60)
    assert postgres.stdout.split() == ["django.db.backends.postgresql", "kb"]


def test_the_admin_login_settings_are_axes_settings():
    """The documented variables set what django-axes reads."""
    code = (
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.dev"}
    run = [sys.executable, "-c", code]
    default = subprocess.run(run, env=environment, capture_output=True, text=True, timeout=60)
    assert default.stdout.split() == ["5", "900.0"], default.stderr
    environment.update(ADMIN_LOGIN_FAILURE_LIMIT="3", ADMIN_LOGIN_LOCKOUT_SECONDS="60")
    changed = subprocess.run(run, env=environment, capture_output=True, text=True, timeout=60)
    assert changed.stdout.split() == ["3", "60.0"], changed.stderr


def test_the_data_version_stamp_lies_beside_the_sqlite_database_unless_told():
    from preciseu_kb.settings.base import BASE_DIR, data_version_file

    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/kb/db.sqlite3"}
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "kb"}
    assert str(data_version_file(None, sqlite)) == "/srv/kb/db.sqlite3-version"
    assert data_version_file(None, postgres) == BASE_DIR / "var" / "data-version"
    assert str(data_version_file("/run/kb/version", postgres)) == "/run/kb/version"
    assert data_version_file("none", sqlite) is None  # read from the database instead
