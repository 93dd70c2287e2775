"""`make bench`: how fast the glossary API serves 10,000 terms, against yardsticks.

Builds (once) a PostgreSQL database of 10,000 generated terms, serves the app
with gunicorn (2 sync workers), drives load with wrk from a separate process,
and prints requests/s, p50/p95 latency, queries per request and worker memory,
then the ratios to the targets, each marked MET or MISSED. Everything is
measured in the same run: the ceiling (a fixed 5 KB JSON view through the full
Django stack) and Wagtail's stock pages endpoint included.

Not a test: numbers depend on the machine; run it on a quiet one.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from glossary.delivery.documents import refresh_documents
from glossary.models import GlossaryTermPage

from ... import databases, invalidation, publishing, transfer, window

TERMS = 10_000
WORKERS = 2
# Throughput: enough connections to keep both workers busy. Latency: one
# connection, so the numbers are the time to answer, not time in the queue.
CONNECTIONS = 8
LATENCY_RUNS = ("search/ (mixed)", "autocomplete/ (mixed)")
SEARCHES = [
    "brand funnel",
    "micro influenser",
    "affiliate link",
    "engagment rate",
    "creator fund",
    "podcast pitch",
    "viral loop",
    "newsletter growth",
]
PREFIXES = ["bra", "micro", "afil", "influ", "news", "pod", "vir", "engag"]
TERM_TYPE = "glossary.GlossaryTermPage"
# The command and the gunicorn it starts run on the same settings.
SETTINGS_MODULE = "bench.settings"

# Targets from the delivery API issue, raised by the fast-origin one.
CACHED_SHARE_OF_CEILING = 0.8
UNCACHED_TIMES_STOCK = 8
MAX_LISTING_QUERIES = 6
SEARCH_P95_MS = 15
AUTOCOMPLETE_P95_MS = 8
# Cold (cache off) requests per second, from the fast-origin issue.
COLD_RPS = {
    "terms/{slug}/": 400,
    "terms/": 300,
    "our v2 listing": 200,
    "our v2 detail": 400,
}
MAX_WORKER_RSS_MB = 150
# Targets from the import and export issue.
IMPORT_SECONDS = 60
IMPORT_PEAK_MB = 300
EXPORT_SECONDS = 10
# Target from the publish delivery issue: warm terms/{slug}/ answers still
# cached after one publish.
KEPT_AFTER_PUBLISH = 0.95
# Target from the fast-origin issue: the median admin save-and-publish.
ADMIN_PUBLISH_MS = 150
# How long another worker may serve an answer from before a change.
STALE_WINDOW_MS = 1000

# Where count_queries files each cold endpoint.
QUERY_NAMES = {
    "terms/{slug}/": "terms/{slug}/",
    "terms/": "terms/ limit=20",
    "our v2 listing": "our v2 listing",
    "our v2 detail": "our v2 detail",
}

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%f %%f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds", type=int, default=8, help="Measuring time per endpoint."
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--transfer-only",
            action="store_true",
            help="Measure only the import and export of 10,000 terms (no wrk).",
        )
        parser.add_argument(
            "--skip-transfer",
            action="store_true",
            help="Leave out the import and export (about ten minutes).",
        )
        parser.add_argument(
            "--invalidation-only",
            action="store_true",
            help="Measure only what one publish keeps of a warm cache (no wrk).",
        )

    def handle(
        self,
        *args,
        seconds,
        port,
        transfer_only,
        invalidation_only,
        skip_transfer,
        **options,
    ):
        if connection.vendor != "postgresql":
            raise CommandError(f"Run with DJANGO_SETTINGS_MODULE={SETTINGS_MODULE}.")
        only = transfer_only or invalidation_only
        if not only and not shutil.which("wrk"):
            raise CommandError("make bench needs wrk: apt-get install wrk")
        self.seconds = seconds
        self.port = port
        self.prepare_database()
        self.transfer = None
        if not invalidation_only and not skip_transfer:
            self.stdout.write("Import and export of the whole glossary:")
            self.transfer = transfer.measure(self.stdout)
        if not transfer_only:
            self.stdout.write("One publish against a warm cache:")
            with self.gunicorn(cached=True):
                self.kept = invalidation.measure(
                    self.stdout, TERMS // 2, f"http://127.0.0.1:{self.port}"
                )
            self.stdout.write("Save and publish through the admin:")
            self.admin_publish_ms = publishing.measure(self.stdout, TERMS // 2 + 40)
        if only:
            self.stdout.write("")
            if not invalidation_only:
                self.report_transfer(self.verdict)
            if not transfer_only:
                self.report_invalidation(self.verdict)
            return
        pk, slug = (
            GlossaryTermPage.objects.live()
            .order_by("pk")
            .values_list("pk", "slug")[TERMS // 2]
        )
        self.endpoints = {
            "ceiling": ["/bench/static.json"],
            "stock v2 listing": [
                f"/bench/stock-v2/pages/?type={TERM_TYPE}&fields=*&limit=20"
            ],
            "our v2 listing": [f"/api/v2/pages/?type={TERM_TYPE}&fields=*&limit=20"],
            "our v2 detail": [f"/api/v2/pages/{pk}/"],
            "terms/": ["/api/glossary/terms/?limit=20"],
            "terms/{slug}/": [f"/api/glossary/terms/{slug}/"],
            "letters/": ["/api/glossary/letters/"],
            "search/": [f"/api/glossary/search/?q={urllib.parse.quote(SEARCHES[0])}"],
            "search/ (mixed)": [
                f"/api/glossary/search/?q={urllib.parse.quote(q)}" for q in SEARCHES
            ],
            "autocomplete/ (mixed)": [
                f"/api/glossary/autocomplete/?q={urllib.parse.quote(q)}"
                for q in PREFIXES
            ],
        }
        queries = self.count_queries()
        runs = {}
        rss = {}
        for cached in (True, False):
            label = "cache on" if cached else "cache off"
            names = (
                ["ceiling", "terms/", "terms/{slug}/", "letters/", "search/"]
                if cached
                else [
                    "stock v2 listing",
                    "our v2 listing",
                    "our v2 detail",
                    "terms/",
                    "terms/{slug}/",
                    "letters/",
                    "search/ (mixed)",
                    "autocomplete/ (mixed)",
                ]
            )
            with self.gunicorn(cached) as workers:
                for name in names:
                    self.stdout.write(f"  {label}: {name} …")
                    runs[(label, name)] = self.wrk(
                        self.endpoints[name],
                        connections=1 if name in LATENCY_RUNS else CONNECTIONS,
                    )
                rss[label] = [self.rss_mb(pid) for pid in workers]
                if cached:
                    url = f"http://127.0.0.1:{self.port}{self.endpoints['terms/{slug}/'][0]}"
                    self.stdout.write("  cache on: a change under load …")
                    self.window = window.measure(
                        self.stdout,
                        url,
                        ["wrk", "-t2", f"-c{CONNECTIONS}", "-d60s", url],
                    )
        self.report(runs, queries, rss)

    # Database ---------------------------------------------------------------

    def prepare_database(self):
        db = settings.DATABASES["default"]
        with databases.admin_connection() as admin:
            if not databases.exists(admin, db["NAME"]):
                self.stdout.write(f"Creating database {db['NAME']}")
                admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
        call_command("migrate", verbosity=0)
        if GlossaryTermPage.objects.count() < TERMS:
            self.stdout.write(f"Building {TERMS:,} terms (once; several minutes)")
            call_command("load_sample_content", verbosity=0)
            call_command("generate_terms", count=TERMS, stdout=self.stdout)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        count = GlossaryTermPage.objects.live().count()
        self.stdout.write(f"Database {db['NAME']}: {count:,} live terms")
        started = time.perf_counter()
        built = refresh_documents.func()
        if built:
            self.stdout.write(
                f"Stored answers built for {built:,} terms in "
                f"{time.perf_counter() - started:.0f} s"
            )

    # Queries per request ------------------------------------------------------

    def count_queries(self):
        client = Client()
        paths = {
            "terms/ limit=1": "/api/glossary/terms/?limit=1",
            "terms/ limit=20": "/api/glossary/terms/?limit=20",
            "terms/ limit=100": "/api/glossary/terms/?limit=100",
            "terms/{slug}/": self.endpoints["terms/{slug}/"][0],
            "letters/": "/api/glossary/letters/",
            "search/": self.endpoints["search/"][0],
            "autocomplete/": self.endpoints["autocomplete/ (mixed)"][0],
            "stock v2 listing": self.endpoints["stock v2 listing"][0],
            "our v2 listing": self.endpoints["our v2 listing"][0],
            "our v2 detail": self.endpoints["our v2 detail"][0],
        }
        counts = {}
        with override_settings(GLOSSARY_API_CACHE=False):
            for name, path in paths.items():
                client.get(path)  # first request fills per-process lookups
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                counts[name] = len(captured)
        return counts

    # Serving and load ---------------------------------------------------------

    @contextmanager
    def gunicorn(self, cached):
        cache.clear()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "GLOSSARY_API_CACHE": "1" if cached else "0",
        }
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "cms.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            self.wait_until_serving()
            workers = self.children(server.pid)
            yield workers
        finally:
            server.terminate()
            server.wait(timeout=30)

    def wait_until_serving(self):
        url = f"http://127.0.0.1:{self.port}/bench/static.json"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start")

    @staticmethod
    def children(pid):
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
        return found

    @staticmethod
    def rss_mb(pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def wrk(self, paths, connections):
        lua_paths = ", ".join(f'"{path}"' for path in paths)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % lua_paths)
        try:
            base = f"http://127.0.0.1:{self.port}"
            threads = min(2, connections)
            command = [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                "-s",
                script.name,
                base,
            ]
            # Warm up (fills caches and connections), then measure.
            subprocess.run([*command[:1], "-d2s", *command[1:]], capture_output=True)
            output = subprocess.run(
                [*command[:1], f"-d{self.seconds}s", *command[1:]],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            os.unlink(script.name)
        line = next(x for x in output.splitlines() if x.startswith("RESULT"))
        requests, duration_us, p50, p95, errors = line.split()[1:]
        return {
            "rps": int(requests) / (int(duration_us) / 1e6),
            "p50": float(p50),
            "p95": float(p95),
            "errors": int(errors),
        }

    # Report -----------------------------------------------------------------

    def report(self, runs, queries, rss):
        out = self.stdout.write
        out("")
        out(f"{'endpoint':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
        out("(mixed search and autocomplete: one connection, so p95 is service time)")
        for (label, name), run in runs.items():
            out(
                f"{label + ': ' + name:<34}{run['rps']:>9.0f}{run['p50']:>9.1f}"
                f"{run['p95']:>9.1f}{run['errors']:>8}"
            )
        out("")
        out("Queries per request (cache off):")
        for name, count in queries.items():
            out(f"  {name:<22}{count:>4}")
        out("")
        for label, sizes in rss.items():
            sizes_text = ", ".join(f"{size:.0f} MB" for size in sizes)
            out(f"Worker RSS after the {label} run: {sizes_text}")
        out("")

        ceiling = runs[("cache on", "ceiling")]["rps"]
        stock = runs[("cache off", "stock v2 listing")]["rps"]
        results = []

        def target(description, value, goal, met):
            results.append(met)
            self.verdict(description, value, goal, met)

        for name in ("terms/", "terms/{slug}/", "letters/", "search/"):
            share = runs[("cache on", name)]["rps"] / ceiling
            target(
                f"cached {name} / ceiling",
                f"{share:.3f}×",
                f"≥ {CACHED_SHARE_OF_CEILING}×",
                share >= CACHED_SHARE_OF_CEILING,
            )
        for name, goal in COLD_RPS.items():
            rps = runs[("cache off", name)]["rps"]
            target(
                f"cache off {name} req/s ({queries[QUERY_NAMES[name]]} queries)",
                f"{rps:.0f}",
                f"≥ {goal}",
                rps >= goal,
            )
        times = runs[("cache off", "terms/")]["rps"] / stock
        target(
            "cache off terms/ limit=20 / stock v2 listing",
            f"{times:.1f}×",
            f"≥ {UNCACHED_TIMES_STOCK}×",
            times >= UNCACHED_TIMES_STOCK,
        )
        listing = [queries[f"terms/ limit={n}"] for n in (1, 20, 100)]
        target(
            "queries per terms/ request at limit 1/20/100",
            "/".join(map(str, listing)),
            f"equal and ≤ {MAX_LISTING_QUERIES}",
            len(set(listing)) == 1 and listing[0] <= MAX_LISTING_QUERIES,
        )
        search_p95 = runs[("cache off", "search/ (mixed)")]["p95"]
        target(
            "search p95, cache off",
            f"{search_p95:.1f} ms",
            f"≤ {SEARCH_P95_MS} ms",
            search_p95 <= SEARCH_P95_MS,
        )
        autocomplete_p95 = runs[("cache off", "autocomplete/ (mixed)")]["p95"]
        target(
            "autocomplete p95, cache off",
            f"{autocomplete_p95:.1f} ms",
            f"≤ {AUTOCOMPLETE_P95_MS} ms",
            autocomplete_p95 <= AUTOCOMPLETE_P95_MS,
        )
        largest = max(size for sizes in rss.values() for size in sizes)
        target(
            "largest worker RSS after the runs",
            f"{largest:.0f} MB",
            f"≤ {MAX_WORKER_RSS_MB} MB",
            largest <= MAX_WORKER_RSS_MB,
        )
        median_window, longest_window = self.window
        target(
            "longest time another worker served the answer from before a change, "
            f"under load (median {median_window:.1f} ms)",
            f"{longest_window:.1f} ms",
            f"< {STALE_WINDOW_MS} ms",
            longest_window < STALE_WINDOW_MS,
        )
        if self.transfer is not None:
            self.report_transfer(target)
        self.report_invalidation(target)
        out("")
        out(f"{sum(results)} of {len(results)} targets met.")

    def verdict(self, description, value, goal, met):
        verdict = "MET   " if met else "MISSED"
        self.stdout.write(f"{verdict} {description}: {value} (target {goal})")

    def report_transfer(self, target):
        out = self.stdout.write
        figures = self.transfer
        for fmt in transfer.FORMATS:
            seconds, peak = figures[f"export {fmt}"]
            out(f"Export of every term as {fmt}: {seconds:.1f} s, peak {peak:.0f} MB")
        seconds, peak = figures["import"]
        terms = int(figures["imported"].split(":")[1].split()[0])
        out(f"Import and publish: {figures['imported']}")
        out(
            f"  {seconds:.1f} s ({terms / seconds:.0f} terms/s), peak {peak:.0f} MB; "
            f"then the background tasks (reference index, stored answers): "
            f"{figures['references'][0]:.1f} s"
        )
        slowest = max(figures[f"export {fmt}"][0] for fmt in transfer.FORMATS)
        checks = [
            (
                f"import and publish {terms:,} terms",
                f"{seconds:.1f} s",
                f"≤ {IMPORT_SECONDS} s",
                seconds <= IMPORT_SECONDS,
            ),
            (
                "import peak memory",
                f"{peak:.0f} MB",
                f"≤ {IMPORT_PEAK_MB} MB",
                peak <= IMPORT_PEAK_MB,
            ),
            (
                "slowest export (json, csv, xlsx)",
                f"{slowest:.1f} s",
                f"≤ {EXPORT_SECONDS} s",
                slowest <= EXPORT_SECONDS,
            ),
        ]
        for check in checks:
            target(*check)

    def report_invalidation(self, target):
        figures = self.kept
        share = figures["kept"] / figures["warm"]
        self.stdout.write(
            f"Publishing {figures['slug']!r} ({figures['linking']} terms link to it) "
            f"after warming {figures['warm']:,} answers in "
            f"{figures['warm_seconds']:.0f} s: {figures['kept']:,} still cached; "
            f"its own answer {'shows' if figures['fresh'] else 'DOES NOT show'} "
            f"the edit. Median publish: {figures['publish_ms']:.0f} ms "
            f"over {figures['publishes']} publishes."
        )
        target(
            "median admin save-and-publish at 10,000 terms",
            f"{self.admin_publish_ms:.0f} ms",
            f"≤ {ADMIN_PUBLISH_MS} ms",
            self.admin_publish_ms <= ADMIN_PUBLISH_MS,
        )
        target(
            "warm terms/{slug}/ answers kept after one publish",
            f"{share:.2%}",
            f"≥ {KEPT_AFTER_PUBLISH:.0%}, the edit shown at once",
            share >= KEPT_AFTER_PUBLISH and figures["fresh"],
        )
