"""Signed webhooks: endpoints editors set up, told about changes in the background.

The project calls ``webhooks.dispatch(event, data)``; see ``events.py``.
"""

__all__ = ["dispatch", "send_test", "subscribers"]


def __getattr__(name):
    # Loaded on first use: this package is imported while Django is still
    # loading apps, before its models may be.
    if name in __all__:
        from . import events

        return getattr(events, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
