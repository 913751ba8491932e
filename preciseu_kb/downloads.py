"""/downloads/: the whole knowledge base as a data package, a SQLite database and JSON.

They live in the project package, beside the about page, because they span every app and
are keyed by the data version, which is the project's (`caching`).

The files are built on the first request after the data version changes, not in
`load_kb` or after each write: a write from the admin or the API then costs nothing more, a
run of edits costs one build (the one after the last edit that someone downloads), and every
way of writing (shell included) is covered without a hook of its own. The page states each
file's size and build time; docs/performance.md has them at 1× and 100×.

Each version's files live in their own folder of `DOWNLOADS_DIR` (`<version>/`), shared by
the workers of a host. A build holds an exclusive lock on `DOWNLOADS_DIR/.lock` (flock: the
kernel releases it if the worker dies), so several workers asking at once build once: the
others wait, then find the files. Each file is written beside its final name and renamed over
it, and `manifest.json` (sizes, row counts, build times) is written last, the same way: a
folder without it is an unfinished build, never served. After a build the other versions'
folders are removed; a worker still sending one of their files keeps reading it (an open file
outlives its name on POSIX).
"""

import fcntl
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from bases.licence import EDITORIAL_LICENCE, EDITORIAL_STATEMENT, SOURCE_RIGHTS_STATEMENT

from . import exports
from .caching import current_version


@dataclass(frozen=True)
class Format:
    key: str
    filename: str
    media_type: str
    title: str
    write: object


FORMATS = {
    format.key: format
    for format in (
        Format(
            "datapackage",
            "preciseu-kb-datapackage.zip",
            "application/zip",
            "Frictionless Data Package (CSV)",
            exports.write_data_package,
        ),
        Format(
            "sqlite",
            "preciseu-kb.sqlite",
            "application/vnd.sqlite3",
            "SQLite database",
            exports.write_sqlite,
        ),
        Format("json", "preciseu-kb.json", "application/json", "JSON", exports.write_json),
    )
}
BY_FILENAME = {format.filename: format for format in FORMATS.values()}
MANIFEST = "manifest.json"


def folder():
    return Path(settings.DOWNLOADS_DIR)


def read_manifest(version):
    try:
        return json.loads((folder() / version / MANIFEST).read_text())
    except FileNotFoundError:
        return None


@contextmanager
def build_lock():
    folder().mkdir(parents=True, exist_ok=True)
    with open(folder() / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def built(version=None):
    """The manifest of the files of `version` (the current one by default), built first if
    need be. `version` is read before the records: the files are at least that new."""
    version = version or current_version()
    manifest = read_manifest(version)
    if manifest is not None:
        return manifest
    with build_lock():
        manifest = read_manifest(version)  # built by another worker while this one waited
        if manifest is None:
            manifest = build(version)
            remove_other_versions(version)
    return manifest


def replace_atomically(path, write):
    """`write(temporary path)`, then the temporary file renamed to `path`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)  # the workers may run as another user than the builder
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build(version):
    target = folder() / version
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    snap = exports.snapshot()
    read_seconds = time.perf_counter() - started
    built_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    files = {}
    for format in FORMATS.values():
        began = time.perf_counter()
        path = target / format.filename
        if path.exists():
            path.unlink()  # sqlite3 would open an earlier, unfinished file
        replace_atomically(
            path, lambda temporary, f=format: f.write(temporary, snap, version, built_at)
        )
        files[format.key] = {
            "filename": format.filename,
            "bytes": path.stat().st_size,
            "seconds": round(time.perf_counter() - began, 3),
        }
    manifest = {
        "version": version,
        "built": built_at,
        "read_seconds": round(read_seconds, 3),
        "seconds": round(time.perf_counter() - started, 3),
        "files": files,
        "tables": snap.counts,
    }
    replace_atomically(
        target / MANIFEST, lambda temporary: Path(temporary).write_text(json.dumps(manifest))
    )
    return manifest


def remove_other_versions(version):
    for path in folder().iterdir():
        if path.is_dir() and path.name != version:
            shutil.rmtree(path, ignore_errors=True)


# -- Views ----------------------------------------------------------------------------------


def file_size(count):
    for unit in ("bytes", "KB", "MB"):
        if count < 1000 or unit == "MB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return ""


def downloads(request):
    """The page: each file with its size and build time, the tables, the licence."""
    manifest = built()
    files = [
        {
            "format": FORMATS[key],
            "url": reverse("download-file", args=[FORMATS[key].filename]),
            "size": file_size(entry["bytes"]),
            "bytes": entry["bytes"],
            "seconds": entry["seconds"],
        }
        for key, entry in manifest["files"].items()
    ]
    tables = {table.name: table for table in exports.tables()}
    context = {
        "manifest": manifest,
        "files": files,
        "tables": [
            (tables[name], count) for name, count in manifest["tables"].items() if name in tables
        ],
        "row_total": sum(manifest["tables"].values()),
        "licence": EDITORIAL_LICENCE,
        "editorial_statement": EDITORIAL_STATEMENT,
        "source_rights": SOURCE_RIGHTS_STATEMENT,
    }
    return render(request, "downloads.html", context)


def download_file(request, filename):
    """One file of the current version, whole, as an attachment. Its ETag is the version's,
    so a client that holds it is answered 304 without a byte of the file read."""
    format = BY_FILENAME.get(filename)
    if format is None:
        raise Http404(f"No download “{filename}”: the files are listed at /downloads/.")
    for _ in range(3):  # the folder may go between the manifest and the open: a new version
        manifest = built()
        try:
            file = open(folder() / manifest["version"] / filename, "rb")  # noqa: SIM115
        except FileNotFoundError:
            continue
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type=format.media_type
        )
        response["ETag"] = f'"{manifest["version"]}-{format.key}"'
        return response
    # Three new versions while this request waited: writes are arriving faster than builds.
    response = HttpResponse(
        "The downloads are being rebuilt; try again in a moment.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "5"
    return response
