"""The results section of docs/benchmarks.md: the machine, the command, and one table row per measure."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from measuring import Result

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
RATES = {"rows/s", "contracts/s", "req/s"}  # higher is better; for every other unit lower is better


@dataclass(frozen=True)
class Machine:
    cores: int
    memory_gib: float
    processor: str
    load_average: str
    python: str
    postgresql: str

    @classmethod
    def read(cls, database_url: str) -> Machine:
        import psycopg

        with psycopg.connect(database_url) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        memory_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        models = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        return cls(
            cores=os.cpu_count() or 1,
            memory_gib=memory_kib / 1024 / 1024,
            processor=models[0] if models else platform.machine(),
            load_average=" ".join(f"{value:.1f}" for value in os.getloadavg()),
            python=platform.python_version(),
            postgresql=row[0] if row else "?",
        )


def ratio(result: Result) -> str:
    """How many times the reference's cost the measure is: 1.0 is as fast as the reference."""
    if result.reference is None or not result.reference or not result.median:
        return ""
    value = result.reference / result.median if result.unit in RATES else result.median / result.reference
    if value < 1:  # faster than the reference: two significant digits, not "0.0×"
        return f"{value:.2g}×"
    return f"{value:,.1f}×"


def verdict(result: Result) -> str:
    if result.met is None:
        return ""
    return "met" if result.met else "**missed**"


def figure(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


@dataclass(frozen=True)
class Run:
    """When, on what and with which command a group of results was measured."""

    started_at: str  # "YYYY-MM-DD HH:MM" UTC
    commit: str
    command: str
    machine: Machine

    @classmethod
    def now(cls, *, command: str, started_at: datetime, machine: Machine) -> Run:
        git = shutil.which("git")
        commit = ""
        if git:
            commit = subprocess.run(
                [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
            ).stdout.strip()
        return cls(f"{started_at:%Y-%m-%d %H:%M}", commit or "?", command, machine)

    def describe(self) -> str:
        machine = self.machine
        return (
            f"{self.started_at} UTC, code at commit `{self.commit}`: `{self.command}`; {machine.cores} cores "
            f"({machine.processor}), {machine.memory_gib:.1f} GiB memory, PostgreSQL {machine.postgresql} on "
            f"the same host, Python {machine.python}; load average at the end {machine.load_average}"
        )


Measured = tuple[Result, Run]


def save_results(path: Path, measured: list[Measured]) -> None:
    """The results behind the table, one JSON line each, so a later `--only` run can replace some of them."""
    lines = [
        json.dumps({"result": asdict(result), "run": asdict(run)}, ensure_ascii=False)
        for result, run in measured
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_results(path: Path) -> list[Measured]:
    if not path.exists():
        return []
    measured = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            run = entry["run"]
            measured.append((Result(**entry["result"]), Run(**{**run, "machine": Machine(**run["machine"])})))
    return measured


def render_results(measured: list[Measured], *, failed: list[str]) -> str:
    runs = list(dict.fromkeys(run for _result, run in measured))
    number = {run: index for index, run in enumerate(runs, start=1)}
    several = len(runs) > 1
    lines = [START, "## Latest run (written by `bench/run.py`)", ""]
    if several:
        lines.append("The table holds the results of more than one run (a later `--only` run replaced some):")
        lines += [f"- Run {number[run]}: {run.describe()}." for run in runs]
    elif runs:
        lines.append(f"- Run: {runs[0].describe()}.")
    lines += [
        "- Times are in milliseconds through the whole request (Django test client) unless the unit says "
        "otherwise; p95 is the nearest-rank 95th percentile of the timed runs. The reference is the "
        "simplest thing doing the same work in the same run (hand-written SQL, COPY); the ratio says how "
        "many times the reference's cost the product's figure is (1.0× = as fast as the reference).",
        "",
        "| benchmark | measure | median | p95 | unit | reference | ratio | target | | queries | runs "
        f"| note |{' run |' if several else ''}",
        f"|---|---|---:|---:|---|---:|---:|---|---|---:|---:|---|{'---:|' if several else ''}",
    ]
    for result, run in measured:
        note = result.note
        if result.extra:
            note = "; ".join(filter(None, [note, *(f"{key} {value}" for key, value in result.extra.items())]))
        reference = figure(result.reference)
        if reference and result.reference_label:
            reference = f"{reference} ({result.reference_label})"
        lines.append(
            f"| {result.benchmark} | {result.measure} | {figure(result.median)} | {figure(result.p95)} | "
            f"{result.unit} | {reference} | {ratio(result)} | {result.target} | {verdict(result)} | "
            f"{'' if result.queries is None else result.queries} | {result.runs} | {note} |"
            + (f" {number[run]} |" if several else "")
        )
    if failed:
        lines += ["", f"**Failed in this run:** {', '.join(failed)} (see the run's output)."]
    lines += ["", END]
    return "\n".join(lines)


def replace_section(document: str, section: str) -> str:
    """The document with its results section replaced, or inserted under the title when it has none."""
    if START in document and END in document:
        before, rest = document.split(START, 1)
        after = rest.split(END, 1)[1]
        return before + section + after
    title, _newline, body = document.partition("\n")
    return f"{title}\n\n{section}\n{body}"
