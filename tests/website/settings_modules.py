"""Read a settings module afresh under a given environment, in the test's own process.

Settings modules read the environment when they are imported, so each call imports a fresh copy
of ``website.settings.base`` and the module asked for, then puts back the copies Django is
running on. Starting ``manage.py`` in a subprocess shows the same thing at some seconds a time;
one smoke test per behaviour does that (tests/website/test_settings.py).
"""

import importlib
import sys

import website.settings

FRESH = ("website.settings.base", "website.settings.production", "website.settings.test")


def load_settings(module_name, monkeypatch, tmp_path, unset=(), **environment):
    """The settings module ``module_name`` as imported with ``environment`` set, the variables in
    ``unset`` removed and ``VAR_DIR`` under ``tmp_path``; raises what the import raises."""
    for name in unset:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    running = {name: sys.modules.pop(name) for name in FRESH if name in sys.modules}
    try:
        return importlib.import_module(module_name)
    finally:
        for name in FRESH:
            sys.modules.pop(name, None)
        sys.modules.update(running)
        for name, module in running.items():
            setattr(website.settings, name.rsplit(".", 1)[1], module)
