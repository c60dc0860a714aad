"""Sandbox cost: start-up per backend and one fixture's run per backend, as ratios to host."""

from hooklab.fixtures import get_fixture
from hooklab.watch.runner import watch
from hooklab.watch.sandbox import BACKENDS, docker_engine
from hooklab.watch.sandbox.rehearse import fixture_command
from hooklab.watch.sandbox.report import startup_time

FIXTURE = "npm-postinstall"


def main() -> None:
    usable = [name for name, b in BACKENDS.items() if b.problem() is None]
    for name in BACKENDS:
        if name not in usable:
            print(f"{name:<7} skipped: {BACKENDS[name].problem()}")
    argv = fixture_command(get_fixture(FIXTURE))
    with docker_engine():  # one engine for every docker/gvisor measurement
        start = {name: startup_time(name) for name in usable}
        run = {name: min(watch(argv, sandbox=name).duration for _ in range(2)) for name in usable}
    print(f"{'sandbox':<8}{'start-up s':>11}{'x host':>8}{FIXTURE + ' s':>22}{'x host':>8}")
    for name in usable:
        print(
            f"{name:<8}{start[name]:>11.3f}{start[name] / start['host']:>8.1f}"
            f"{run[name]:>22.2f}{run[name] / run['host']:>8.1f}"
        )


if __name__ == "__main__":
    main()
