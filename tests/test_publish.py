"""The workflow that publishes the book builds it with the README's own make targets.

actionlint checks the workflow's syntax, expressions and action inputs (`make lint`); this
module checks what actionlint cannot know: that the site is built by `make book` and the PDF
by `make pdf`, that both caches are kept, that the PDF goes on the site, that every action is
pinned to a major version, and that the repository and site addresses are stated nowhere but
in `_config.yml`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_site_and_the_pdf_are_built_by_the_make_targets() -> None:
    steps = _steps(yaml.safe_load(PUBLISH.read_text()))
    commands = [step.get("run", "").strip() for step in steps]
    assert "make book" in commands and "make pdf" in commands
    assert not any("jupyter-book" in command for command in commands), "build through make, as the README does"
    assert any("_build/latex/book.pdf _build/html/" in command for command in commands)
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "_build/latex/book.pdf"
    pages = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert pages and pages[0]["with"]["path"] == "_build/html"


def test_the_execution_and_data_caches_are_kept_between_runs() -> None:
    steps = _steps(yaml.safe_load(PUBLISH.read_text()))
    cached = {step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/cache@")}
    assert {"_build/.jupyter_cache", "data/cache"} <= cached


def test_pages_deployment_permissions_and_one_run_at_a_time() -> None:
    workflow = yaml.safe_load(PUBLISH.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])


def test_every_action_is_pinned_to_a_major_version() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for step in _steps(yaml.safe_load(path.read_text())):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), f"{path.name}: {step['uses']}"


def test_the_addresses_are_stated_only_in_the_configuration() -> None:
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    addresses = [config["repository"]["url"], config["sphinx"]["config"]["html_baseurl"]]
    hosts = {re.sub(r"^https?://", "", address).strip("/") for address in addresses}
    for path in WORKFLOWS.glob("*.yml"):
        text = path.read_text()
        for host in hosts:
            assert host not in text, f"{path.name} names {host}: take it from _config.yml or from GitHub"
