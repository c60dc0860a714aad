"""docker and gvisor: a container with no network, a read-only root and no capabilities to speak of.

The container runs as nobody (or as you, when you are not root) with the host's /usr and the
kit's Python bind-mounted read-only at the same paths, the kit's work folder read-only, and the
run's own folder writable. strace runs inside, as the same user as the command it watches, so it
needs no capability; SYS_PTRACE is granted as the one extra a tracer may ask for, and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Any, ClassVar

from hooklab.errors import HooklabError
from hooklab.lang import both
from hooklab.paths import work_dir
from hooklab.procs import too_slow
from hooklab.watch.sandbox.base import REAPER, Backend, Job, Outcome, runtime_paths
from hooklab.watch.sandbox.engine import connect, docker_engine, runtimes, start_problem
from hooklab.watch.sandbox.image import USER, ensure_image, host_dirs
from hooklab.watch.sandbox.reasons import reason

LIMITS = {"pids_limit": 512, "mem_limit": "2g"}
OWNER = "hooklab.owner"


class DockerBackend(Backend):
    name = "docker"
    about = both(
        "Docker: --network none, 읽기 전용 루트, cap-drop ALL (+SYS_PTRACE), root 아닌 사용자",
        "Docker: --network none, read-only root, cap-drop ALL (+SYS_PTRACE), non-root user",
    )
    runtime: ClassVar[str | None] = None

    def problem(self) -> str | None:
        try:
            import docker  # noqa: F401
        except ImportError:
            return reason("no-docker-package")
        client = connect()
        if client is None:
            return start_problem()
        return self._runtime_problem(client)

    def _runtime_problem(self, client: Any) -> str | None:
        return None

    def run(self, job: Job) -> Outcome:
        with docker_engine() as client:
            if why := self._runtime_problem(client):
                raise HooklabError(why)
            return self._run(client, job)

    def _run(self, client: Any, job: Job) -> Outcome:
        from docker.errors import DockerException
        from requests.exceptions import ConnectionError as RequestsConnectionError
        from requests.exceptions import ReadTimeout

        user = USER if os.geteuid() == 0 else f"{os.getuid()}:{os.getgid()}"
        if os.geteuid() == 0:  # the run's folders, and a working folder the kit made for it
            for folder in dict.fromkeys([job.scratch, job.cwd]):
                if folder == job.scratch or folder.is_relative_to(work_dir()):
                    _give(folder, 65534)
        try:
            remove_stale(client)
            container = client.containers.create(
                ensure_image(client),
                job.argv,
                environment=job.env,
                working_dir=str(job.cwd),
                user=user,
                network_mode="none",
                read_only=True,
                cap_drop=["ALL"],
                cap_add=["SYS_PTRACE"],
                security_opt=["no-new-privileges"],
                tmpfs={"/tmp": "rw,size=512m", "/var/tmp": "rw,size=64m"},
                volumes=self.volumes(job),
                runtime=self.runtime,
                labels={"hooklab": "sandbox", OWNER: str(os.getpid())},
                **LIMITS,
            )
        except DockerException as exc:
            raise self._failed(exc) from None
        try:
            container.start()
            status = container.wait(timeout=job.timeout)
            out = container.logs(stdout=True, stderr=False).decode(errors="replace")
            err = container.logs(stdout=False, stderr=True).decode(errors="replace")
        except (ReadTimeout, RequestsConnectionError):
            raise too_slow(job.label, job.timeout) from None
        except DockerException as exc:
            raise self._failed(exc) from None
        finally:
            with contextlib.suppress(DockerException):
                container.remove(force=True)
        return Outcome(int(status.get("StatusCode", 1)), out, err)

    def _failed(self, exc: Exception) -> HooklabError:
        """The engine's complaint as one line."""
        line = f"{self.name}: {str(exc).splitlines()[0][:200]}"  # the engine's words, as they come
        return HooklabError(both(line, line))

    @staticmethod
    def volumes(job: Job) -> dict[str, dict[str, str]]:
        """Read-only: /usr, the kit's Python, its work folder, artefacts; writable: the run's."""
        ro = [Path("/usr"), *host_dirs(), *runtime_paths(), work_dir(), REAPER, *job.readonly]
        vols = {str(p): {"bind": str(p), "mode": "ro"} for p in dict.fromkeys(ro) if p.exists()}
        for p in (job.scratch, job.cwd):
            vols[str(p)] = {"bind": str(p), "mode": "rw"}
        return vols


class GvisorBackend(DockerBackend):
    name = "gvisor"
    about = both(
        "gVisor: runsc 런타임(사용자 공간 커널) 위의 Docker 샌드박스",
        "gVisor: the Docker sandbox on the runsc runtime (a user-space kernel)",
    )
    runtime = "runsc"

    def problem(self) -> str | None:
        if shutil.which("runsc") is None and connect() is None:
            return reason("no-runsc")
        return super().problem()

    def _runtime_problem(self, client: Any) -> str | None:
        if "runsc" not in runtimes(client):
            return reason("engine-without-runsc")
        return None


def remove_stale(client: Any) -> list[str]:
    """Remove sandbox containers whose owning process is gone (an interrupted kernel, a killed
    test). Containers of live processes are left alone: several runs may share the engine."""
    from docker.errors import DockerException

    removed = []
    # The low-level listing carries the labels: ContainerCollection.list inspects each container
    # after listing, and fails when another run removes its own container in between.
    for entry in client.api.containers(all=True, filters={"label": "hooklab=sandbox"}):
        owner = (entry.get("Labels") or {}).get(OWNER, "")
        if owner.isdigit() and Path(f"/proc/{owner}").exists():
            continue
        with contextlib.suppress(DockerException):  # another run may be removing it too
            client.api.remove_container(entry["Id"], force=True)
            removed.append(entry["Names"][0].lstrip("/"))
    return removed


def _give(folder: Path, uid: int) -> None:
    """Hand the run's folder to the sandbox user, so that it can write there and nowhere else.
    The kit's folders above it get search permission only, so its absolute path resolves."""
    for parent in folder.parents:
        if not parent.is_relative_to(work_dir()) or parent == work_dir():
            break
        parent.chmod(parent.stat().st_mode | 0o111)
    for root, dirs, files in os.walk(folder):
        os.chown(root, uid, uid)
        for name in (*dirs, *files):
            os.lchown(os.path.join(root, name), uid, uid)
