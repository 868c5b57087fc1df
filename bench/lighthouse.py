"""Lighthouse (mobile preset) against a fresh demo server: the four category scores per page.

    .venv/bin/python -m bench.lighthouse   # writes var/lighthouse.json and docs/lighthouse.md

Needs Debian's chromium and ``npm ci`` (``bash .ci/install-browser``). Chromium is kept off the
network with a dead proxy (Lighthouse splits its flags on spaces, so host-resolver rules with
spaces cannot be passed); loopback is never proxied.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.request import urlopen

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from tests.e2e.server import demo_server  # noqa: E402

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --proxy-server=127.0.0.1:9"
)
# (label, path) on the demo content; a page that does not answer is reported, not skipped silently.
PAGES = [
    ("Home", "/"),
    ("Directory", "/services/"),
    (
        "Service",
        "/providers/shunde-home-appliance-testing-institute/safety-testing-of-household-appliances/",
    ),
    ("Policy", "/policies/samr-2020-177/"),
    ("Request form, first step", "/request/"),
]


def responds(url):
    try:
        return urlopen(url, timeout=10).status == 200
    except OSError:
        return False


def run_lighthouse(url, output, attempts=3):
    """Run Lighthouse once; a run that loses its trace (NO_NAVSTART, seen under CPU load) is
    repeated, up to ``attempts`` times."""
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    for attempt in range(1, attempts + 1):
        try:
            return _run_lighthouse_once(url, output, env)
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
            print(f"  retrying {url} (attempt {attempt} failed)", flush=True)


def _run_lighthouse_once(url, output, env):
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--quiet",
        ],
        env=env,
        check=True,
        timeout=240,
    )
    report = json.loads(Path(output).read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        audit["title"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores, failing


@contextmanager
def _server(url):
    if url:
        yield {"url": url.rstrip("/"), "var": Path(tempfile.mkdtemp(prefix="qi-lighthouse-"))}
    else:
        with demo_server() as site:
            yield site


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=str(BASE_DIR / "var" / "lighthouse.json"))
    parser.add_argument("--markdown", default=str(BASE_DIR / "docs" / "lighthouse.md"))
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the run with the median performance score is reported "
        "(performance varies with the machine's load, as Lighthouse's own docs warn).",
    )
    parser.add_argument(
        "--url", help="measure a server that is already running instead of a fresh demo"
    )
    args = parser.parse_args()
    results = []
    with _server(args.url) as site:
        for label, path in PAGES:
            if not responds(site["url"] + path):
                results.append({"page": label, "path": None, "scores": None, "failing": []})
                continue
            runs = []
            for run in range(args.runs):
                output = site["var"] / f"lighthouse-{len(results)}-{run}.json"
                runs.append(run_lighthouse(site["url"] + path, output))
            runs.sort(key=lambda run: run[0]["performance"])
            scores, failing = runs[len(runs) // 2]
            results.append(
                {
                    "page": label,
                    "path": path,
                    "scores": scores,
                    "failing": failing,
                    "performance_runs": [run[0]["performance"] for run in runs],
                }
            )
            print(label, path, scores, [run[0]["performance"] for run in runs], flush=True)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    lines = [
        "# Lighthouse scores",
        "",
        "Run `python -m bench.lighthouse` (needs `bash .ci/install-browser`): it starts a fresh "
        "demo server, or measures one already running with `--url http://127.0.0.1:8000`.",
        "",
        "Mobile preset, Lighthouse 12 with Debian's Chromium, against "
        + (
            "a running demo server (`--url`, the demo settings and content)"
            if args.url
            else "`make run`'s demo content on a fresh database"
        )
        + f"; measured {date.today().isoformat()} by `python -m bench.lighthouse` (median of "
        f"{args.runs} runs per page by performance score, on a 2-core machine shared with other "
        "work; all runs are in `var/lighthouse.json`).",
        f"Targets: performance ≥ {TARGETS['performance']}, the other three ≥ 95.",
        "",
        "| page | path | performance | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        if row["scores"] is None:
            lines.append(f"| {row['page']} | — | did not answer | | | |")
            continue
        s = row["scores"]
        lines.append(
            f"| {row['page']} | `{row['path']}` | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} |"
        )
    below = [
        f"- {row['page']}: {', '.join(row['failing'][:6])}"
        for row in results
        if row["scores"] and any(row["scores"][c] < TARGETS[c] for c in CATEGORIES)
    ]
    if below:
        lines += ["", "Below target, with the audits that cost points:", "", *below]
    Path(args.markdown).write_text("\n".join(lines) + "\n")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
