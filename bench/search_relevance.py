"""Relevance and latency of the site search, plain database backend against ours.

    .venv/bin/python bench/search_relevance.py                 # relevance + latency at 10,000 docs
    .venv/bin/python bench/search_relevance.py --docs 0        # relevance only
    .venv/bin/python bench/search_relevance.py --set other.json --json results.json

Works in a throwaway SQLite database (a temporary VAR_DIR; DATABASE_URL is ignored unless
--use-database-url is given), so it never touches var/. Steps:

1. migrate and load the demo content (``load_demo``);
2. relevance: index every page with Wagtail's plain database backend and run the query set
   (``bench/relevance_zh.json``: each query with the URL paths that must be in the top 10)
   through the site search service, as /search/ runs it; then re-index with the segmenting
   backend and run it again. Reports recall@10, MRR and queries with no result;
3. latency: add synthetic Chinese pages until the index holds --docs documents, index them, and
   time every query of the set through the search service (type facet, first page of results,
   highlighted snippets) and through the backend alone (first 10 results): p50 and p95;
4. segmenter speed: jieba against rjieba on the text of all indexed pages (load time,
   characters per second, identical output).
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import setup_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(BASE_DIR / "bench" / "relevance_zh.json"))
    parser.add_argument("--docs", type=int, default=10_000, help="index size for latency (0: skip)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--use-database-url", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's ranks")
    return parser.parse_args()


def start_django(args):
    setup_django(
        tempfile.mkdtemp(prefix="qi-search-bench-"),
        os.environ.get("DATABASE_URL") if args.use_database_url else None,
        env={
            "ELASTICSEARCH_URL": None,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "website.settings.dev"
            ),
            "LOG_LEVEL": "ERROR",
        },
    )
    from django.test.utils import override_settings

    # Page saves queue index updates as tasks; the bench indexes explicitly instead.
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ).enable()


PLAIN = "wagtail.search.backends.database"
OURS = "website.search.backends.database"


def reindex(backend_path):
    """Empty the index and rebuild it with ``backend_path``, as ``update_index`` does."""
    from django.core.management import call_command
    from django.test.utils import override_settings
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": backend_path}}):
        call_command("update_index", stdout=open(os.devnull, "w"))


def run_query_set(queries, backend_path, verbose):
    from django.test.utils import override_settings
    from wagtail.models import Locale

    from website.search import services

    zh = Locale.objects.get(language_code="zh-hans")
    reciprocal_ranks, recalls, empty, failures = [], [], [], []
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": backend_path}}):
        for item in queries:
            try:
                outcome = services.search_pages(item["query"], locale=zh)
                urls = [hit.url for hit in outcome.hits]
            except Exception as error:  # the plain backend raises on some input
                failures.append((item["query"], repr(error)))
                urls = []
            expected = item["expect"]
            ranks = [urls.index(url) + 1 for url in expected if url in urls]
            recalls.append(len(ranks) / len(expected))
            reciprocal_ranks.append(1 / min(ranks) if ranks else 0.0)
            if not urls:
                empty.append(item["query"])
            if verbose:
                print(f"    {item['query']}: ranks {ranks} of {expected}", file=sys.stderr)
    return {
        "recall_at_10": round(statistics.mean(recalls), 3),
        "mrr": round(statistics.mean(reciprocal_ranks), 3),
        "queries": len(queries),
        "no_result": len(empty),
        "errors": len(failures),
        "missed": [q["query"] for q, r in zip(queries, recalls, strict=True) if r < 1],
    }


SENTENCE_SOURCES = None


def synthetic_pages(count, rng):
    from website.demo_guides import GUIDES

    sentences = []
    for guide in GUIDES:
        for text in guide["zh"]:
            for sentence in text.replace("<p>", "").replace("</p>", "。").split("。"):
                if len(sentence) > 6:
                    sentences.append(sentence)
    cities = (
        "广州 深圳 珠海 汕头 佛山 韶关 河源 梅州 惠州 汕尾 东莞 "
        "中山 江门 阳江 湛江 茂名 肇庆 清远 潮州 揭阳 云浮"
    ).split()
    kinds = [
        "计量测试所",
        "检验检测中心",
        "标准化研究院",
        "认证服务中心",
        "知识产权服务站",
        "质量技术服务站",
    ]
    services = ["校准服务", "检测服务", "认证咨询", "标准查新", "质量诊断", "专利导航", "品牌培育"]
    for number in range(count):
        city = rng.choice(cities)
        title = f"{city}{rng.choice(kinds)}{rng.choice(services)}{number}"
        body = "。".join(rng.sample(sentences, k=rng.randint(3, 6)))
        doc_number = f"粤市监质〔{rng.randint(2018, 2026)}〕{rng.randint(1, 300)}号"
        intro = f"{city}市 {doc_number} {rng.choice(sentences)}"
        yield title, intro, f"<p>{body}。</p>"


def add_synthetic_pages(target):
    from wagtail.models import Page

    from website.models import HomePage, StandardPage
    from website.page_tree import get_locales

    zh, _ = get_locales()
    home = HomePage.objects.get(locale=zh)
    existing = Page.objects.count()
    count = max(0, target - existing)
    if not count:
        return 0
    section = StandardPage(title="基准测试页面", slug="bench")
    home.add_child(instance=section)
    rng = random.Random(8)
    created = []
    for title, intro, body in synthetic_pages(count - 1, rng):
        page = StandardPage(
            title=title, slug=f"b{len(created)}", intro=intro, body=[("text", body)]
        )
        section.add_child(instance=page)
        created.append(page)
    return len(created) + 1


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_queries(queries, rounds):
    """Wall-clock and CPU time of every query, through the search service and the backend.

    On SQLite the database runs inside this process, so CPU time is the latency on an idle core,
    whatever else the machine is doing; wall-clock time includes waiting for a shared CPU.
    """
    from django.db import connection
    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    from website.search import services
    from website.search.registry import available_types

    zh = Locale.objects.get(language_code="zh-hans")
    backend = get_search_backend(OURS)
    queryset = services.base_queryset(zh, available_types())
    times = {"service": [], "service_cpu": [], "backend": [], "backend_cpu": []}

    def measure(name, function):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        times[name].append((time.perf_counter() - wall) * 1000)
        times[f"{name}_cpu"].append((time.process_time() - cpu) * 1000)

    for item in queries:
        services.search_pages(item["query"], locale=zh)  # warm-up
        for _ in range(rounds):
            measure("service", lambda q=item["query"]: services.search_pages(q, locale=zh))
            measure(
                "backend",
                lambda q=item["query"]: list(backend.search(q, queryset, operator="and")[:10]),
            )
    figures = {"documents": Page.objects.count(), "samples": len(times["service"])}
    for name, values in times.items():
        if name.endswith("_cpu") and connection.vendor != "sqlite":
            continue  # the database server's work is not in this process's CPU time
        figures[f"{name}_p50_ms"] = round(percentile(values, 0.5), 1)
        figures[f"{name}_p95_ms"] = round(percentile(values, 0.95), 1)
    figures["load_average"] = [round(value, 2) for value in os.getloadavg()]
    figures["cpus"] = os.cpu_count()
    return figures


def segmenter_speed():
    from wagtail.models import Page

    from website.search.highlight import plain_text
    from website.search.segmenter import Segmenter
    from website.search.services import snippet_text

    texts = [
        page.title + " " + (snippet_text(page, None) or "")
        for page in Page.objects.live().specific().iterator()
    ]
    texts = [plain_text(text) for text in texts]
    characters = sum(len(text) for text in texts)
    figures = {"characters": characters}
    outputs = {}
    for engine in ("jieba", "rjieba"):
        start = time.perf_counter()
        segmenter = Segmenter(engine)
        load = time.perf_counter() - start
        start = time.perf_counter()
        for text in texts:
            segmenter._cut_for_search(text)
        raw = time.perf_counter() - start
        start = time.perf_counter()
        outputs[engine] = [segmenter.index_tokens(text) for text in texts]
        elapsed = time.perf_counter() - start
        figures[engine] = {
            "load_s": round(load, 3),
            "cut_for_search_chars_per_s": round(characters / raw),
            "index_chars_per_s": round(characters / elapsed),
        }
    figures["identical_documents"] = sum(
        a == b for a, b in zip(outputs["jieba"], outputs["rjieba"], strict=True)
    )
    figures["documents"] = len(texts)
    return figures


def main():
    args = parse_args()
    start_django(args)
    from django.core.management import call_command
    from django.db import connection

    queries = json.loads(Path(args.set).read_text(encoding="utf-8"))["queries"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    report = {"database": connection.vendor, "query_set": Path(args.set).name}

    for name, path in (("plain", PLAIN), ("segmented", OURS)):
        reindex(path)
        report[name] = run_query_set(queries, path, args.verbose)
        print(f"{name:>9}: {report[name]}", file=sys.stderr)

    if args.docs:
        start = time.perf_counter()
        added = add_synthetic_pages(args.docs)
        reindex(OURS)
        report["build_s"] = round(time.perf_counter() - start, 1)
        report["synthetic_pages"] = added
        report["latency"] = time_queries(queries, args.rounds)
        print(f"  latency: {report['latency']}", file=sys.stderr)
        report["segmenter"] = segmenter_speed()
        print(f"segmenter: {report['segmenter']}", file=sys.stderr)

    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
