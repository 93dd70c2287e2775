"""Exporting and importing 10,000 terms, each in a process of its own.

The export reads the benchmark's glossary (every format in turn). The import
loads the JSON export into an empty copy of the site, published, as the task
worker would: the transaction, the search index and the cache invalidation
are timed; Wagtail's reference index, which an import leaves to a background
task (as Wagtail does after every save), is run and timed after it by the
task worker. Times are wall-clock times of the whole command, Python start
included; memory is the command's own peak resident size (VmHWM).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from . import databases

FORMATS = ("json", "csv", "xlsx")
# The site without terms, made once, copied for every import run.
EMPTY_SITE = "glossary_bench_empty"
IMPORTED = "glossary_bench_import"


# Runs manage.py and, as it exits, prints the process's own peak memory.
# (A child's rusage would count the memory of the parent it was forked from.)
PEAK_WRAPPER = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("PEAK-KB", line.split()[1], file=sys.stderr)
atexit.register(peak)
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""


def run(arguments, database=None, tasks=None):
    """(seconds, peak MB, output) of ``manage.py arguments`` in a new process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    if database:
        env["BENCH_DATABASE_URL"] = databases.url(database)
    if tasks:
        env["BENCH_TASKS"] = tasks
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}"
        )
    peak_kb = next(
        int(line.split()[1])
        for line in result.stderr.splitlines()
        if line.startswith("PEAK-KB")
    )
    return seconds, peak_kb / 1024, result.stdout


def _fresh_copy(stdout):
    """An empty site to import into: the template made once, then copied."""
    with databases.admin_connection() as admin:
        if not databases.exists(admin, EMPTY_SITE):
            stdout.write(f"Creating {EMPTY_SITE} (once)")
            admin.execute(f'CREATE DATABASE "{EMPTY_SITE}"')
            run(["migrate", "--no-input", "-v0"], database=EMPTY_SITE)
            run(["load_sample_content", "--without-terms"], database=EMPTY_SITE)
        else:  # made by an older version of the code
            run(["migrate", "--no-input", "-v0"], database=EMPTY_SITE)
        admin.execute(f'DROP DATABASE IF EXISTS "{IMPORTED}"')
        admin.execute(f'CREATE DATABASE "{IMPORTED}" TEMPLATE "{EMPTY_SITE}"')
        # Start from written-out buffers: a checkpoint that the copy left
        # pending would otherwise land in the middle of the timed import.
        admin.execute("CHECKPOINT")


def measure(stdout):
    """Export every format, then import the JSON export; returns the figures."""
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            target = Path(folder) / f"glossary.{fmt}"
            stdout.write(f"  export {fmt} …")
            figures[f"export {fmt}"] = run(["export_glossary", str(target)])[:2]
        _fresh_copy(stdout)
        stdout.write("  import and publish json …")
        seconds, peak, output = run(
            ["import_glossary", str(Path(folder) / "glossary.json"), "--publish"],
            database=IMPORTED,
            tasks="database",
        )
        figures["import"] = (seconds, peak)
        figures["imported"] = output.strip().splitlines()[-1]
        stdout.write("  background tasks (reference index, stored answers) …")
        figures["references"] = run(
            ["db_worker", "--batch", "--no-startup-delay"],
            database=IMPORTED,
            tasks="database",
        )[:2]
    return figures
