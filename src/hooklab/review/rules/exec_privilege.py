"""Execution and privilege control: child processes, shells, code built at run time, and
safety switches that are off unless someone turns them on."""

from __future__ import annotations

from hooklab.review import actions as A
from hooklab.review.jsscan import scan_shell
from hooklab.review.package import Package
from hooklab.review.report import Finding
from hooklab.review.rules.base import capped, finding, make

_HIDDEN = {A.EXEC_ALIAS: "exec.alias", A.ENCODED_EXEC: "exec.encoded-command"}


def _hook_commands(pkg: Package) -> list[Finding]:
    """An encoded or hidden command on a hook's command line."""
    return [
        make("exec.encoded-command", hook.file, hook.line, hook.evidence, install_time=True)
        for hook in pkg.hooks
        if hook.command and any(a.kind == A.ENCODED_EXEC for a in scan_shell(hook.command))
    ]


def check(pkg: Package) -> list[Finding]:
    found = _hook_commands(pkg)
    for name in pkg.code_files:
        at_install = pkg.runs_at_install(name)
        for act in pkg.actions(name):
            if act.kind in _HIDDEN:
                found.append(finding(_HIDDEN[act.kind], name, act, install_time=at_install))
            elif act.kind == A.EXEC:
                if pkg.is_mcp:
                    rule, level = "exec.mcp-runs-commands", "high"
                    why = "an MCP server starts programs: whatever the model asks for can run"
                elif act.detail == "shell":
                    rule, level, why = "exec.shell", "high", "runs a command line through a shell"
                else:
                    rule, level, why = "exec.child-process", "medium", "starts another program"
                found.append(finding(rule, name, act, why, level))
            elif act.kind == A.EVAL:
                found.append(
                    finding(
                        "exec.dynamic-code", name, act, "builds and runs code at run time", "high"
                    )
                )
            elif act.kind == A.SAFETY_OPT_IN:
                level = "high" if pkg.is_mcp else "medium"
                found.append(
                    finding(
                        "exec.safety-off-by-default",
                        name,
                        act,
                        f"the safe mode {act.detail} is opt-in: destructive "
                        "tools are on unless it is set",
                        level,
                    )
                )
    return capped(found)
