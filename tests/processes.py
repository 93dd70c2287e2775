"""Run Django code in a fresh process, under the settings a test chooses."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(settings_module, *arguments, env=None, drop=()):
    """``python *arguments`` at the project root with these settings.

    The test run's environment is kept, less the variables named in ``drop``
    and plus ``env``.
    """
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment.update(env or {}, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
