"""Why a sandbox cannot run here, said in the reader's language (a backend's `problem()`, the
`why not` column of `hooklab sandbox list`, and the one-line refusal of `--sandbox NAME`)."""

from __future__ import annotations

from hooklab.lang import Catalogue, both, say

REASONS: Catalogue = {
    "no-bwrap": both(
        "bubblewrap이 설치되어 있지 않습니다 (`make setup`이나 `apt-get install bubblewrap`을"
        " 실행하세요)",
        "bubblewrap is not installed (run `make setup` or `apt-get install bubblewrap`)",
    ),
    "no-namespaces": both(
        "여기서는 bubblewrap이 네임스페이스를 만들 수 없습니다 ({why})",
        "bubblewrap cannot make namespaces here ({why})",
    ),
    "no-docker-package": both(
        "docker 파이썬 패키지가 없습니다 (`make setup`을 실행하세요)",
        "the docker Python package is missing (run `make setup`)",
    ),
    "no-runsc": both(
        "gVisor의 runsc가 설치되어 있지 않습니다 (apt에 있으면 `make setup`이 설치합니다)",
        "gVisor's runsc is not installed (`make setup` adds it when apt has it)",
    ),
    "engine-without-runsc": both(
        "돌고 있는 Docker 엔진에 runsc 런타임이 없습니다 (/etc/docker/daemon.json의 `runtimes`에"
        " runsc를 넣고 엔진을 다시 시작하세요)",
        "the running Docker engine has no runsc runtime (add runsc to /etc/docker/daemon.json"
        " `runtimes` and restart it)",
    ),
    "no-dockerd": both(
        "돌고 있는 Docker 엔진이 없고 dockerd도 설치되어 있지 않습니다 (`make setup`이 설치합니다)",
        "no Docker engine is running and dockerd is not installed (`make setup` adds it)",
    ),
    "root-only": both(
        "돌고 있는 Docker 엔진이 없고, 엔진은 root만 시작할 수 있습니다"
        " (docker 서비스를 시작하세요)",
        "no Docker engine is running and only root can start one (start the docker service)",
    ),
    "srt-needs": both(
        "srt에는 {tool}이(가) 필요합니다 (apt 패키지 {package}). `make setup`을 실행하세요",
        "srt needs {tool} (apt package {package}); run `make setup`",
    ),
    "srt-cannot": both(
        "여기서는 srt가 샌드박스를 만들 수 없습니다 ({why})",
        "srt cannot make its sandbox here ({why})",
    ),
    "unavailable": both(
        "샌드박스 {name}은(는) 여기서 쓸 수 없습니다: {why}; {alternative}",
        "sandbox {name} cannot run here: {why}; {alternative}",
    ),
    "try": both("--sandbox {other}를 써 보세요", "try --sandbox {other}"),
    "host-only": both(
        "여기서는 --sandbox host만 됩니다 (격리 없음)",
        "only --sandbox host works here (no isolation)",
    ),
}


def reason(key: str, /, **fields: object) -> str:
    """The reason `key` in the kit's current language, fields filled in."""
    return say(REASONS, key, **fields)
