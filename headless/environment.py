"""Small readers of environment variables and URLs, for the settings and the CMS."""

import os
from urllib.parse import urlsplit


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_mapping(name):
    """``key=value,key=value`` from the environment as a dict."""
    pairs = (item.partition("=") for item in env_list(name))
    return {key.strip(): value.strip() for key, _eq, value in pairs if key and value}


def origin(url):
    """scheme://host[:port] of a URL, as browsers send it in the Origin header."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
