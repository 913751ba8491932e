"""The API as a partner builds on it: a Python client generated from the schema with
openapi-python-client, the partner script of docs/api.md ("For partners") type-checked
with `mypy --strict` against it and run against a live server.

Everything is generated into pytest's temporary directory: nothing is cached between runs.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
PACKAGE = "preciseu_kb_client"


def run(*command, cwd, env=None):
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def partner_script():
    """The Python block of the "For partners" section of docs/api.md."""
    section = DOCS.read_text().split("## For partners", 1)[1].split("\n## ", 1)[0]
    (script,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return script


@pytest.fixture(scope="module")
def client_dir(tmp_path_factory):
    """The generated client's folder (holding the package `preciseu_kb_client`), and what
    the generator said."""
    folder = tmp_path_factory.mktemp("client")
    schema = SchemaGenerator().get_schema(request=None, public=True)
    (folder / "schema.json").write_bytes(OpenApiJsonRenderer().render(schema))
    (folder / "config.json").write_text(
        json.dumps({"package_name_override": PACKAGE, "post_hooks": []})
    )
    output = run(
        "openapi_python_client",
        "generate",
        "--path=schema.json",
        "--config=config.json",
        "--meta=none",
        f"--output-path={PACKAGE}",
        cwd=folder,
    )
    return folder, output


def test_the_schema_generates_a_client_without_warnings(client_dir):
    _, output = client_dir
    assert "Warning" not in output and "Error" not in output, output


def test_reads_take_an_anonymous_client_and_writes_a_token(client_dir):
    folder, _ = client_dir
    api = folder / PACKAGE / "api"
    for read in sorted(api.glob("*/*_list.py")) + sorted(api.glob("*/*_retrieve.py")):
        assert "client: AuthenticatedClient | Client," in read.read_text(), read.name
    for write in api.glob("*/*_create.py"):
        assert "client: AuthenticatedClient," in write.read_text(), write.name


def test_the_client_shares_its_models(client_dir):
    # One model for the error body and one for `format`, not a copy per operation.
    folder, _ = client_dir
    models = {path.stem for path in (folder / PACKAGE / "models").glob("*.py")}
    assert {"problem", "format_parameter"} <= models
    assert not [name for name in models if name.endswith(("_format", "_response_400"))]
    assert len(models) < 130


def test_the_partner_script_type_checks_with_mypy(client_dir):
    folder, _ = client_dir
    (folder / "partner.py").write_text(partner_script())
    output = run(
        "mypy",
        "--strict",
        "--no-incremental",
        f"--cache-dir={folder / 'mypy-cache'}",
        "partner.py",
        cwd=folder,
    )
    assert "Success: no issues found" in output


@pytest.mark.django_db
def test_the_partner_script_reads_the_live_api_anonymously(client_dir, site_server, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site_server.thread.host]
    folder, _ = client_dir
    (folder / "partner.py").write_text(partner_script())
    output = run("partner", site_server.url, cwd=folder, env={"PYTHONPATH": str(folder)})
    assert "9 barriers raised by crete" in output
    assert "Recommended: " in output
    assert "Barrier 99: 404 Not Found: " in output
