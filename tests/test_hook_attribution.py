"""Every process a package manager starts for a lifecycle script is a hook, named by the package
manager itself (package, version, event); the program is the bin the launcher was asked for."""

import json

import pytest

from hooklab.watch import watch
from hooklab.watch.runner import given_sdist, launched_program
from hooklab.watch.trace import TraceParser, strace_argv

from .conftest import run_cli

ENV_POSTINSTALL = (
    '["PATH=/usr/bin", "npm_package_name=left-pad", "npm_lifecycle_event=postinstall", '
    '"npm_package_version=1.3.0", "npm_config_x=\\"[tricky]\\", \\"npm_lifecycle_event=npx\\""]'
)
ENV_NPX = '["PATH=/usr/bin", "npm_lifecycle_event=npx", "npm_command=exec"]'

# No hook pattern names anything here: the roles come from the environment npm gave each script.
LOG = f"""\
100 1000.000000 execve("/usr/bin/npx", ["npx", "-y", "left-pad@1.3.0"], ["PATH=/usr/bin"]) = 0
100 1000.100000 clone(child_stack=NULL, flags=SIGCHLD) = 102
102 1000.110000 execve("/usr/bin/sh", ["sh", "-c", "node build.js"], {ENV_POSTINSTALL}) = 0
102 1000.120000 clone(child_stack=NULL, flags=SIGCHLD) = 103
103 1000.130000 execve("/usr/bin/node", ["node", "build.js"], {ENV_POSTINSTALL} <unfinished ...>
103 1000.131000 <... execve resumed>) = 0
103 1000.140000 clone(child_stack=NULL, flags=SIGCHLD) = 104
104 1000.150000 execve("/pkg/bin/left-pad", ["left-pad", "--selftest"], ["PATH=/usr/bin"]) = 0
100 1000.300000 clone(child_stack=NULL, flags=SIGCHLD) = 105
105 1000.310000 execve("/usr/bin/sh", ["sh", "-c", "'left-pad'"], {ENV_NPX}) = 0
105 1000.320000 clone(child_stack=NULL, flags=SIGCHLD) = 106
106 1000.330000 execve("/cache/.bin/left-pad", ["left-pad"], {ENV_NPX}) = 0
"""


def _roles(log, **kwargs):
    parser = TraceParser(**kwargs)
    parser.feed(log)
    _, procs = parser.result()
    return {p.pid: (p.role, p.package, p.version, p.event) for p in procs}


def test_lifecycle_environment_names_the_hook_and_its_children():
    roles = _roles(LOG, program="left-pad")
    hook = ("hook", "left-pad", "1.3.0", "postinstall")
    assert roles[102] == roles[103] == hook
    # a child that drops the variables and even runs the program's name is still the hook's
    assert roles[104] == hook
    assert roles[105] == roles[106] == ("program", None, None, None)
    assert roles[100] == ("launcher", None, None, None)


def test_bunx_re_running_itself_and_its_bin_are_not_hooks():
    # bun puts npm_lifecycle_event=bunx on its own `bun add` and on the bin it runs.
    env = '["PATH=/usr/bin", "npm_lifecycle_event=bunx"]'
    log = (
        '200 2000.0 execve("/t/bun", ["/t/bun", "x", "cowsay@1.5.0", "hi"], ["PATH=/x"]) = 0\n'
        "200 2000.1 clone(child_stack=NULL, flags=SIGCHLD) = 201\n"
        f'201 2000.2 execve("/t/bun", ["/t/bun", "add", "cowsay@1.5.0"], {env}) = 0\n'
        "200 2000.3 clone(child_stack=NULL, flags=SIGCHLD) = 202\n"
        f'202 2000.4 execve("/usr/bin/node", ["node", "/c/.bin/cowsay", "hi"], {env}) = 0\n'
    )
    roles = _roles(log, program="cowsay")
    assert all(role != "hook" for role, *_ in roles.values())
    assert roles[202][0] == "program"


def test_exec_arguments_and_environment_are_told_apart():
    parser = TraceParser()
    parser.feed(LOG)
    events, procs = parser.result()
    by_pid = {p.pid: p for p in procs}
    assert by_pid[103].argv == ("node", "build.js")  # envp strings are not argv
    assert [e.detail for e in events if e.kind == "exec" and e.pid == 102] == [
        "sh -c node build.js"
    ]
    hook_events = [e for e in events if e.role == "hook"]
    assert hook_events and {(e.package, e.event) for e in hook_events} == {
        ("left-pad", "postinstall")
    }


def test_the_tracer_prints_envp_only_for_exec_calls(tmp_path):
    argv = strace_argv("strace", tmp_path / "log")
    assert "abbrev=!execve,execveat" in argv


def test_a_pep517_hook_is_named_by_the_sdist_it_builds():
    script = "from setuptools.build_meta import __legacy__ as backend\\nbackend.build_wheel(x)"
    log = (
        '300 3000.0 execve("/bin/uvx", ["uvx", "--from", "/a/pkg_x-2.0.tar.gz", "x"], 0x1) = 0\n'
        "300 3000.1 clone(child_stack=NULL, flags=SIGCHLD) = 301\n"
        f'301 3000.2 execve("/b/python", ["/b/python", "-c", "{script}"], 0x1 /* 3 vars */) = 0\n'
    )
    roles = _roles(log, hook_patterns=("build_meta",), sdist=("pkg_x", "2.0"), program="x")
    assert roles[301] == ("hook", "pkg_x", "2.0", "build_wheel")


def test_a_pep517_hook_of_an_in_tree_backend_is_named_without_any_pattern():
    # uv runs the hook as `python -c` naming the backend's module, here one no list could know.
    script = "backend = importlib.import_module('anything_backend')\\nbackend.build_wheel(x)"
    log = (
        '300 3000.0 execve("/bin/uvx", ["uvx", "--from", "/a/pkg_x-2.0.tar.gz", "x"], 0x1) = 0\n'
        "300 3000.1 clone(child_stack=NULL, flags=SIGCHLD) = 301\n"
        f'301 3000.2 execve("/b/python", ["/b/python", "-c", "{script}"], 0x1 /* 3 vars */) = 0\n'
    )
    roles = _roles(log, sdist=("pkg_x", "2.0"), program="x")
    assert roles[301] == ("hook", "pkg_x", "2.0", "build_wheel")


@pytest.mark.parametrize(
    ("argv", "program"),
    [
        (["npx", "-y", "esbuild@0.24.0", "--version"], "esbuild"),
        (
            ["npx", "--yes", "--package", "/x/fx.tgz", "hooklab-postinstall-hello"],
            "hooklab-postinstall-hello",
        ),
        (["npx", "@scope/cli@2.0.0"], "cli"),
        (["npm", "exec", "--", "cowsay", "hi"], "cowsay"),
        (["npx", "./local.tgz"], None),
        (["uvx", "--from", "/x/pkg-1.0.tar.gz", "pkg-hello"], "pkg-hello"),
        (["uvx", "black[d]==24.1.0", "--help"], "black"),
        (["uv", "tool", "run", "ruff@0.5.0", "check"], "ruff"),
        (["node", "esbuild"], None),
    ],
)
def test_the_program_comes_from_the_launchers_own_arguments(argv, program):
    assert launched_program(argv) == program


def test_the_sdist_is_named_only_when_the_command_gives_one():
    assert given_sdist(["uvx", "--from", "/x/hooklab_fx_setuppy-1.0.0.tar.gz", "h"]) == (
        "hooklab_fx_setuppy",
        "1.0.0",
    )
    assert given_sdist(["uvx", "a-1.0.tar.gz", "b-2.0.tar.gz"]) is None
    assert given_sdist(["uvx", "black"]) is None


def test_real_esbuild_postinstall_is_a_hook_and_the_verdict_says_so(tmp_path):
    out = tmp_path / "run.json"
    proc = run_cli(
        "watch",
        "--lang",
        "en",
        "--json",
        str(out),
        "--",
        "npx",
        "-y",
        "esbuild@0.24.0",
        "--version",
    )
    assert proc.returncode == 0, proc.stderr
    assert "install-time code RAN" in proc.stdout and "0.24.0" in proc.stdout
    result = json.loads(out.read_text())
    hooks = [p for p in result["processes"] if p["role"] == "hook"]
    assert hooks and all(
        (p["package"], p["version"], p["event"]) == ("esbuild", "0.24.0", "postinstall")
        for p in hooks
    )
    assert any(p["argv"] == ["node", "install.js"] for p in hooks)
    assert any(
        p["role"] == "program" and "esbuild" in " ".join(p["argv"]) for p in result["processes"]
    )
    assert result["hook_ran"]


def test_fixture_hooks_are_found_by_structure_and_match_the_declared_patterns(artefacts):
    tgz = artefacts["npm-postinstall"]["tgz"]
    result = watch(["npx", "--yes", "--package", str(tgz), "hooklab-postinstall-hello"])
    hooks = [e for e in result.events if e.kind == "exec" and e.role == "hook"]
    assert [e.detail for e in hooks] == ["sh -c node scripts/setup.js", "node scripts/setup.js"]
    assert {(e.package, e.event) for e in hooks} == {("hooklab-fixture-postinstall", "postinstall")}


def test_a_setup_py_build_names_its_sdist_and_hook(artefacts):
    sdist = artefacts["pypi-setup-py"]["sdist"]
    result = watch(["uvx", "--from", str(sdist), "hooklab-setuppy-hello"])
    named = {(p.package, p.version, p.event) for p in result.processes if p.role == "hook"}
    package, version = given_sdist(["uvx", str(sdist)])
    assert (package, version, "build_wheel") in named
    assert any(event and event.startswith("prepare_metadata") for _, _, event in named)


def test_every_install_fixture_is_named_by_the_run_alone_and_its_manifest_agrees():
    """watch() is given no fixture knowledge: the hooks it names come from the run, and each
    process the fixture's manifest would call a hook is one (the manifest is the cross-check)."""
    from hooklab.watch.sandbox.rehearse import fixture_command, install_fixtures

    for fx in install_fixtures():
        result = watch(fixture_command(fx))
        assert result.hook_ran, fx.name
        for proc in result.processes:
            if any(p in " ".join(proc.argv) for p in fx.hook_patterns):
                assert proc.role == "hook", (fx.name, proc.argv)
        named = [p for p in result.processes if p.role == "hook"]
        if fx.ecosystem == "npm":
            assert named and all(p.event for p in named), fx.name


def test_a_thread_seen_before_its_clone_returns_is_part_of_its_process():
    # Under load strace can print a new thread's lines before the clone that made it returns;
    # the thread was then taken for a process of its own that never ended.
    log = (
        '400 4000.0 execve("/b/python", ["python", "setup.py", "egg_info"], 0x1) = 0\n'
        "400 4000.1 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_THREAD"
        " <unfinished ...>\n"
        '401 4000.2 openat(AT_FDCWD, "/h/.npmrc", O_RDONLY|O_CLOEXEC) = 3\n'
        "400 4000.3 <... clone resumed>, parent_tid=[401]) = 401\n"
        "401 4000.4 +++ exited with 0 +++\n"
        "400 4000.5 +++ exited with 0 +++\n"
    )
    parser = TraceParser(secret_paths=frozenset({"/h/.npmrc"}))
    parser.feed(log)
    events, procs = parser.result()
    assert [p.pid for p in procs] == [400]
    assert all(p.end is not None for p in procs)
    assert [(e.pid, e.kind) for e in events if e.kind == "secret_read"] == [(400, "secret_read")]
