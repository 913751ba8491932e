"""Production settings pass Django's deployment checklist and serve hashed static files."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.prod",
    "SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP",
    "ALLOWED_HOSTS": "kb.example.org",
}


def run_in_production(*args, **environment):
    environment = {**os.environ, **PRODUCTION, **environment}
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    """On a new deployment's database, before `migrate`: the checklist (which builds the API
    schema) must not need the tables."""
    result = run_in_production(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_serves_compressed_hashed_static_files_through_whitenoise():
    code = (
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); "
        "print(settings.MIDDLEWARE[:2])"
    )
    result = run_in_production("-c", code)
    assert result.returncode == 0, result.stderr
    storage, middleware = result.stdout.splitlines()
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in middleware


def test_probes_are_exempt_from_the_https_redirect(tmp_path):
    """Also on a database not migrated yet: the probes answer (readiness: not ready) where
    the response cache has no data version to read."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "client = Client(SERVER_NAME='kb.example.org'); "
        "paths = ['/healthz', '/readyz', '/barriers/']; "
        "print(json.dumps([client.get(path).status_code for path in paths]))"
    )
    result = run_in_production("-c", code, DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 0, result.stderr
    healthz, readyz, page = json.loads(result.stdout.strip().splitlines()[-1])
    assert healthz == 200
    assert readyz == 503
    assert page == 301  # everything else goes to HTTPS
