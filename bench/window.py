"""How long other processes may still serve an answer after a change, under load.

While wrk keeps the benchmark's gunicorn workers busy with one cached
``terms/{slug}/`` answer, this process renews that term's content version in
Redis, as a publish does, and asks for the answer until its ETag changes.
Every worker holds local copies of the versions (``headless.local_copies``),
so the time until the new ETag shows is how long a worker can still serve
the answer from before the change.
"""

import statistics
import subprocess
import time
import urllib.request

from glossary.delivery.cache import terms_changed

CHANGES = 20


def etag(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["ETag"]


def measure(stdout, url, load_command):
    """Milliseconds from each change to its first new ETag: (median, max)."""
    load = subprocess.Popen(
        load_command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    windows = []
    try:
        time.sleep(1)  # the load under way
        for _ in range(CHANGES):
            before = etag(url)
            slug = url.rstrip("/").rsplit("/", 1)[1]
            terms_changed([slug])
            changed_at = time.perf_counter()
            while etag(url) == before:
                if time.perf_counter() - changed_at > 5:
                    raise RuntimeError("the change never showed")
            windows.append((time.perf_counter() - changed_at) * 1000)
            time.sleep(0.1)
    finally:
        load.terminate()
        load.wait()
    stdout.write(
        "  new ETag after a change, under load: "
        + ", ".join(f"{ms:.1f}" for ms in windows)
        + " ms"
    )
    return statistics.median(windows), max(windows)
