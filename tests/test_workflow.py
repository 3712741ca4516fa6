"""The GitHub Actions workflow that validates plans and publishes the sites, and the
pre-commit hook: schema-valid, free of zizmor findings, least privilege, pinned actions.

check-jsonschema and zizmor are test dependencies (`pip install .[test]`); they are looked
up next to the running interpreter, so the tests work inside a venv without activating it.
A missing tool fails the test: it is never skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
PAGES_ONLY = {"pages", "id-token"}


# --------------------------------------------------------------------------- helpers


def tool(name: str) -> str:
    """The console script `name` installed beside this interpreter (the venv's bin)."""
    candidates = [
        Path(sysconfig.get_path("scripts")),
        Path(sys.executable).parent,
    ]
    for folder in candidates:
        for exe in (name, f"{name}.exe"):
            path = folder / exe
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(
        f"{name} is not installed next to {sys.executable}; it is a test dependency: "
        f"run `{sys.executable} -m pip install '.[test]'`"
    )


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GH_", "GITHUB_"))}
    env.update(NO_COLOR="1", ZIZMOR_OFFLINE="1")
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env, check=False
    )


def load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in {".yml", ".yaml"})


@pytest.fixture(scope="module")
def wf() -> dict:
    return load(PAGES)


def steps(job: dict) -> list[dict]:
    return list(job.get("steps") or [])


def all_uses(doc: dict) -> list[str]:
    found = []
    for job in doc["jobs"].values():
        if "uses" in job:  # a reusable workflow
            found.append(job["uses"])
        found += [s["uses"] for s in steps(job) if "uses" in s]
    return found


def step_using(job: dict, action: str) -> dict:
    matches = [s for s in steps(job) if s.get("uses", "").startswith(action + "@")]
    assert len(matches) == 1, f"expected one {action} step, found {len(matches)}"
    return matches[0]


def step_running(job: dict, command: str) -> dict:
    matches = [s for s in steps(job) if command in s.get("run", "")]
    assert len(matches) == 1, f"expected one step running {command!r}, found {len(matches)}"
    return matches[0]


# --------------------------------------------------------------------------- external tools


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_matches_github_schema(path: Path) -> None:
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = run([tool("check-jsonschema"), "--builtin-schema", schema, str(path)])
        assert result.returncode == 0, (
            f"check-jsonschema --builtin-schema {schema} {path.name} failed:\n"
            f"{result.stdout}\n{result.stderr}"
        )


def test_zizmor_reports_no_medium_or_high_findings() -> None:
    result = run([tool("zizmor"), "--offline", "--format", "json", str(WORKFLOWS)])
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"zizmor did not print JSON (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    # zizmor exits 0 when clean and 10 + the highest severity when it finds something;
    # any other code means the tool itself failed.
    assert result.returncode == 0 or result.returncode >= 10, result.stderr
    assert isinstance(findings, list), findings
    serious = [
        f
        for f in findings
        if not f.get("ignored") and f["determinations"]["severity"].lower() in {"medium", "high"}
    ]

    def describe(f: dict) -> str:
        where = []
        for loc in f.get("locations", []):
            point = loc.get("concrete", {}).get("location", {}).get("start_point", {})
            feature = loc.get("concrete", {}).get("feature", "").splitlines()[:1]
            where.append(f"line {point.get('row', -1) + 1}: {' '.join(feature)}")
        return (
            f"{f['ident']} ({f['determinations']['severity']}, "
            f"confidence {f['determinations']['confidence']}): {f['desc']} "
            f"[{'; '.join(where)}] {f.get('url', '')}"
        )

    assert not serious, "zizmor findings:\n" + "\n".join(map(describe, serious))


# --------------------------------------------------------------------------- pinning


def test_every_action_is_pinned_to_a_full_commit_sha(wf: dict) -> None:
    uses = all_uses(wf)
    assert uses, "the workflow uses no action at all?"
    unpinned = [u for u in uses if not u.startswith("./") and not SHA_PIN.match(u)]
    assert not unpinned, f"not pinned to a 40-hex commit SHA: {unpinned}"


def test_every_pin_names_its_release_in_a_comment(wf: dict) -> None:
    lines = PAGES.read_text(encoding="utf-8").splitlines()
    for ref in all_uses(wf):
        on_lines = [line for line in lines if re.search(rf"uses:\s*{re.escape(ref)}\b", line)]
        assert on_lines, f"{ref} not found in the text of {PAGES.name}"
        for line in on_lines:
            assert VERSION_COMMENT.search(line), f"no `# vX.Y.Z` comment on: {line.strip()}"


def test_the_same_action_is_pinned_to_one_sha_everywhere(wf: dict) -> None:
    seen: dict[str, set[str]] = {}
    for ref in all_uses(wf):
        name, _, sha = ref.partition("@")
        seen.setdefault(name, set()).add(sha)
    assert all(len(s) == 1 for s in seen.values()), seen


# --------------------------------------------------------------------------- permissions


def test_top_level_permissions_grant_nothing_to_write(wf: dict) -> None:
    assert "permissions" in wf, "set top-level permissions: {} (or contents: read)"
    top = wf["permissions"]
    assert top in ({}, {"contents": "read"}), f"top-level permissions too broad: {top}"


def test_only_the_deploy_job_may_write_to_pages(wf: dict) -> None:
    jobs = wf["jobs"]
    assert "deploy" in jobs
    for name, job in jobs.items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"job {name}: declare its permissions explicitly"
        if name == "deploy":
            assert perms.get("pages") == "write", perms
            assert perms.get("id-token") == "write", perms
            extra = {k: v for k, v in perms.items() if k not in PAGES_ONLY}
            assert extra in ({}, {"contents": "read"}), f"deploy asks for more: {extra}"
        else:
            assert not PAGES_ONLY & perms.keys(), f"job {name} must not hold {PAGES_ONLY}"
            assert all(v in ("read", "none") for v in perms.values()), (
                f"job {name} may only read: {perms}"
            )


def test_one_secret_reaches_only_the_build_step_and_no_privileged_triggers(wf: dict) -> None:
    text = PAGES.read_text(encoding="utf-8")
    assert re.findall(r"secrets\.[A-Za-z_]+", text) == ["secrets.LEARNPATH_SECRET"]
    build_step = step_running(wf["jobs"]["build"], "learnpath build")
    assert build_step["env"]["LEARNPATH_SECRET"] == "${{ secrets.LEARNPATH_SECRET }}"
    publish = build_step["env"]["LEARNPATH_PUBLISH"]
    assert "github.event_name != 'pull_request'" in publish
    assert "github.ref == 'refs/heads/main'" in publish
    assert "pull_request_target" not in text
    assert "workflow_run" not in text


def test_checkout_does_not_persist_credentials(wf: dict) -> None:
    for name, job in wf["jobs"].items():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert (step.get("with") or {}).get("persist-credentials") is False, name


# --------------------------------------------------------------------------- behaviour


def test_triggers(wf: dict) -> None:
    on = wf["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    minute, hour, dom, month, dow = crons[0].split()
    assert (dom, month, dow) == ("*", "*", "*"), "rebuild every day: pace depends on today"
    assert minute.isdigit() and hour.isdigit()


def test_environment(wf: dict) -> None:
    env = wf.get("env") or {}
    assert str(env.get("NO_MKDOCS_2_WARNING")) == "1"
    text = PAGES.read_text(encoding="utf-8")
    # The build must use the real date on CI: SOURCE_DATE_EPOCH is never set.
    assert not re.search(r"^\s*SOURCE_DATE_EPOCH\s*:", text, re.M)
    assert "SOURCE_DATE_EPOCH=" not in text


def test_build_job_validates_then_builds_from_the_repo_root(wf: dict) -> None:
    build = wf["jobs"]["build"]
    setup = step_using(build, "actions/setup-python")
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "pyproject.toml"

    validate = step_running(build, "learnpath validate")
    assert "--format github" in validate["run"]
    build_step = step_running(build, "learnpath build")
    # Warnings inform, errors stop: a class whose only problems are warnings publishes.
    assert "--strict" not in build_step["run"] and "--strict" not in validate["run"]
    assert re.search(r"--site\s+site\b", build_step["run"])
    order = steps(build)
    assert order.index(validate) < order.index(build_step)
    # Annotations carry paths relative to the repository root: run from there.
    for step in (validate, build_step):
        assert "working-directory" not in step
        assert not re.search(r"(^|[;&|]\s*)cd\s", step["run"], re.M)
    assert "defaults" not in build and "defaults" not in wf


def test_the_key_files_of_earlier_runs_are_restored_before_the_build(
    wf: dict, tmp_path: Path
) -> None:
    """The cached folder is where `learnpath build --site site` keeps its key files (so a
    fresh runner skips their PBKDF2): every run restores the newest entry, main saves one."""
    from generator import build as building
    from generator.publishing import swap as output

    build = wf["jobs"]["build"]
    restore = step_using(build, "actions/cache/restore")
    save = step_using(build, "actions/cache/save")
    order = steps(build)
    built = order.index(step_running(build, "learnpath build"))
    assert order.index(restore) < built < order.index(save)
    with output.locked(tmp_path / "site") as site:
        keys = (site.state / building.KEY_FILES).relative_to(tmp_path).as_posix()
    assert restore["with"]["path"] == save["with"]["path"] == keys == ".learnpath/site/keys"
    assert restore["with"]["key"] == save["with"]["key"] == "learnpath-keys-${{ github.run_id }}"
    assert restore["with"]["restore-keys"] == "learnpath-keys-"
    assert "if" not in restore  # pull requests build warm too
    main = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert save["if"] == main  # only main's runs write what main restores
    assert "env" not in restore and "env" not in save  # no secret near the cache


def test_site_is_uploaded_and_deployed_only_from_main(wf: dict) -> None:
    jobs = wf["jobs"]
    upload = step_using(jobs["build"], "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    for condition in (upload["if"], deploy["if"]):
        assert "github.event_name != 'pull_request'" in condition
        assert "github.ref == 'refs/heads/main'" in condition
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    deploy_step = step_using(deploy, "actions/deploy-pages")
    assert deploy_step["id"] == "deployment"
    step_using(deploy, "actions/configure-pages")
    # The deploy job builds nothing and checks nothing out: it only publishes.
    assert all("run" not in s for s in steps(deploy))
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in steps(deploy))


def test_deployments_are_serialized_and_never_cancelled(wf: dict) -> None:
    group = wf["jobs"]["deploy"]["concurrency"]
    assert group["group"] == "pages"
    assert group["cancel-in-progress"] is False
    # Only pull-request runs may cancel one another.
    top = wf["concurrency"]
    assert top["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    assert "github.run_id" in top["group"]


def test_workflow_calls_only_options_the_cli_has(wf: dict) -> None:
    """The commands in the workflow exist in learnpath's command line."""
    for command in ("validate", "build"):
        run_line = step_running(wf["jobs"]["build"], f"learnpath {command}")["run"]
        wanted = re.findall(r"(--[a-z-]+)", run_line)
        result = run([sys.executable, "-m", "generator", command, "--help"])
        assert result.returncode == 0, result.stderr
        for option in wanted:
            assert option in result.stdout, f"`learnpath {command}` has no {option}"
        if command == "validate":
            assert "github" in result.stdout


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook() -> None:
    hooks = load(HOOKS)
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "learnpath-validate"]
    assert hook["language"] == "python"
    assert hook["entry"] == "learnpath validate"
    assert hook["pass_filenames"] is False
    assert hook["files"] == "^plans/"
    assert re.match(hook["files"], "plans/students/ava-m.yml")
    assert re.match(hook["files"], "plans/library/math4.yml")
    assert not re.match(hook["files"], "generator/cli.py")
    assert set(hook) <= {
        "id", "name", "description", "language", "entry", "pass_filenames", "files",
        "exclude", "types", "types_or", "require_serial", "stages", "always_run",
        "minimum_pre_commit_version", "args", "verbose", "additional_dependencies",
    }  # fmt: skip


WARNINGS_RULE = (
    "Warnings inform, errors stop: an error stops the build and nothing is published; a "
    "warning is annotated on the pull request and never stops the build or the publish"
)


def test_the_guide_the_readme_and_the_workflow_say_the_same_about_warnings() -> None:
    for name in ("README.md", "docs/teachers-guide.md", ".github/workflows/pages.yml"):
        text = " ".join((ROOT / name).read_text().replace("#", " ").split())
        assert WARNINGS_RULE in text, name
