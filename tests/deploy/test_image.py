"""The Dockerfile and compose.yaml keep their promises (checked statically: no Docker needed).

The image itself is built in CI or by hand; what can silently rot is checked here: a multi-stage
build whose final stage has no build tools, a non-root user, the SQLite volume, a HEALTHCHECK on
the real /healthz, ``medner run`` as the entry point, no secret baked in, and every package of
the project copied into the build.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import pytest

from tests.deploy._harness import REPO

SECRETS = ("TELEGRAM_BOT_TOKEN", "MEDNER_WEBHOOK_SECRET", "GEMINI_API_KEY", "GOOGLE_API_KEY")


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def _instructions(text: str) -> list[Instruction]:
    """Dockerfile instructions, continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\s*\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            result.append(Instruction(keyword.upper(), arguments.strip()))
    return result


def _stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    stages: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def _env(stage: list[Instruction]) -> dict[str, str]:
    values: dict[str, str] = {}
    for instruction in stage:
        if instruction.keyword == "ENV":
            values.update(re.findall(r"(\w+)=(\S+)", instruction.arguments))
    return values


@pytest.fixture(scope="module")
def stages() -> list[list[Instruction]]:
    return _stages(_instructions((REPO / "Dockerfile").read_text()))


def _one(stage: list[Instruction], keyword: str) -> str:
    [found] = [i.arguments for i in stage if i.keyword == keyword]
    return found


def test_the_image_is_built_in_stages_from_one_base(stages: list[list[Instruction]]) -> None:
    assert len(stages) >= 2
    build, final = stages[0], stages[-1]
    assert re.fullmatch(r"\S+ AS build", _one(build, "FROM"), re.IGNORECASE)
    # The venv's interpreter symlinks only hold if both stages use the same base image.
    assert _one(build, "FROM").split()[0] == _one(final, "FROM")


def test_the_final_stage_holds_only_the_virtual_environment(
    stages: list[list[Instruction]],
) -> None:
    final = stages[-1]
    copies = [i.arguments for i in final if i.keyword in ("COPY", "ADD")]
    assert copies == ["--from=build /opt/medner /opt/medner"]
    runs = " ".join(
        i.arguments for i in final if i.keyword == "RUN" and "tesseract-ocr" not in i.arguments
    )
    for tool in ("apt-get", "apk", "pip install", "gcc", "build-essential", "make"):
        assert not re.search(rf"\b{tool}\b", runs), tool
    # pip itself is removed from the environment the final stage copies.
    build_runs = " ".join(i.arguments for i in stages[0] if i.keyword == "RUN")
    assert re.search(r"pip uninstall --yes pip setuptools", build_runs)


def test_the_final_stage_installs_tesseract_and_nothing_else_from_apt(
    stages: list[list[Instruction]],
) -> None:
    """Photos are read offline by the tesseract program: a system package, in the final stage."""
    [install] = [i.arguments for i in stages[-1] if i.keyword == "RUN" and "apt-get" in i.arguments]
    packages = re.search(r"apt-get install ([^&]+)", install)
    assert packages is not None
    assert [w for w in packages.group(1).split() if not w.startswith("-")] == ["tesseract-ocr"]
    assert "--no-install-recommends" in install and "rm -rf /var/lib/apt/lists" in install


def test_the_final_stage_removes_the_base_images_installers(
    stages: list[list[Instruction]],
) -> None:
    """The base image (python:*-slim) ships pip, setuptools and wheel in /usr/local, and
    ensurepip can bring pip back: all are removed, before the unprivileged user takes over,
    and the build checks that none is importable or on the PATH afterwards (issue 13, item 21)."""
    final = stages[-1]
    keywords = [i.keyword for i in final]
    runs = [i.arguments for i in final if i.keyword == "RUN"]
    removal = next((run for run in runs if "pip uninstall" in run), None)
    assert removal is not None, "the final stage must uninstall the base image's pip"
    assert keywords.index("RUN") < keywords.index("USER")
    uninstalled = re.search(r"pip uninstall (?:--\S+ )*(?P<names>[\w ]+?)\s*(?:&&|\|\|)", removal)
    assert uninstalled is not None
    assert set(uninstalled["names"].split()) >= {"pip", "setuptools", "wheel"}
    leftovers = re.search(r"for module in (?P<names>[\w ]+?);", removal)
    assert leftovers is not None, "what pip could not remove is deleted where Python finds it"
    assert set(leftovers["names"].split()) >= {"pip", "setuptools", "wheel", "ensurepip"}
    for module in ("pip", "setuptools", "wheel", "ensurepip"):
        assert f'! python3 -c "import {module}"' in removal, module
    assert 'test -z "$(python3 -c pass 2>&1)"' in removal, "Python must still start cleanly"
    assert "/usr/local/bin/pip*" in removal


def test_the_bot_runs_unprivileged_with_its_data_on_a_volume(
    stages: list[list[Instruction]],
) -> None:
    final = stages[-1]
    user = _one(final, "USER").split(":")[0]
    assert user not in ("root", "0")
    volumes = json.loads(_one(final, "VOLUME"))
    env = _env(final)
    assert any(env["MEDNER_DB_PATH"].startswith(volume + "/") for volume in volumes)


def test_the_entry_point_is_medner_run_with_a_real_healthcheck(
    stages: list[list[Instruction]],
) -> None:
    final = stages[-1]
    assert json.loads(_one(final, "ENTRYPOINT")) == ["medner"]
    assert json.loads(_one(final, "CMD")) == ["run"]
    healthcheck = _one(final, "HEALTHCHECK")
    assert "/healthz" in healthcheck
    assert "MEDNER_HEALTH_PORT" in healthcheck
    assert "MEDNER_HEALTH_PORT" in _env(final)
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "medner" in scripts


def test_the_offline_engine_finds_its_lexicon_cache(stages: list[list[Instruction]]) -> None:
    """The warm-up in the build writes the cache where the final stage's bot looks for it."""
    cache = _env(stages[-1])["MEDNER_CACHE_DIR"]
    build_runs = " ".join(i.arguments for i in stages[0] if i.keyword == "RUN")
    assert f"MEDNER_CACHE_DIR={cache} " in build_runs
    assert cache.startswith("/opt/medner/")  # inside what the final stage copies


def test_every_package_is_copied_into_the_build(stages: list[list[Instruction]]) -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in config["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {i.arguments.split()[0] for i in stages[0] if i.keyword == "COPY"}
    assert packages <= copied
    assert config["project"]["readme"] in " ".join(
        i.arguments for i in stages[0] if i.keyword == "COPY"
    )


def test_no_secret_is_baked_into_the_image(stages: list[list[Instruction]]) -> None:
    for stage in stages:
        for instruction in stage:
            if instruction.keyword in ("ENV", "ARG", "LABEL"):
                assert not any(name in instruction.arguments for name in SECRETS), instruction


def test_compose_runs_two_replicas_on_postgresql_with_secrets_from_env() -> None:
    compose = (REPO / "compose.yaml").read_text()
    assert re.search(r"^  db:\n    image: postgres:", compose, re.MULTILINE)
    replicas = re.findall(r"^  (bot-\d+):\n    <<: \*bot$", compose, re.MULTILINE)
    assert len(replicas) >= 2
    assert re.search(r"MEDNER_DATABASE_URL: postgresql://", compose)
    assert "env_file: .env" in compose
    # Nothing that looks like a real token or key in the file.
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{30,}", compose)
    assert not re.search(r"AIza[0-9A-Za-z_-]{20,}", compose)


def test_compose_replicas_fit_postgresqls_connection_budget() -> None:
    """Issue 13, item 2: every replica may open MEDNER_DB_POOL_SIZE connections; together they
    must fit under max_connections less the superuser reserve (3), with room for an operator."""
    compose = (REPO / "compose.yaml").read_text()
    replicas = re.findall(r"^  (bot-\d+):\n    <<: \*bot$", compose, re.MULTILINE)
    pool = re.search(r'^    MEDNER_DB_POOL_SIZE: "(\d+)"$', compose, re.MULTILINE)
    limit = re.search(r"max_connections=(\d+)", compose)
    assert pool is not None and limit is not None
    assert len(replicas) * int(pool[1]) <= int(limit[1]) - 3 - 10


def test_compose_replicas_share_telegrams_rate_between_them() -> None:
    """MEDNER_TELEGRAM_MAX_RATE is per process (issue 13, item 20): the replicas' rates must
    add up to Telegram's ~30 requests/s for the bot, not each be 30."""
    compose = (REPO / "compose.yaml").read_text()
    replicas = re.findall(r"^  (bot-\d+):\n    <<: \*bot$", compose, re.MULTILINE)
    rate = re.search(r'^    MEDNER_TELEGRAM_MAX_RATE: "(\d+)"$', compose, re.MULTILINE)
    assert rate is not None
    assert 0 < len(replicas) * int(rate[1]) <= 30
