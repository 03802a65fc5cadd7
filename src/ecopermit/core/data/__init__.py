"""Package data for ``ecopermit.core`` (read with ``importlib.resources``); see SOURCE.md."""
