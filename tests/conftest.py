"""Shared pytest configuration: hypothesis profile, the ``zh`` fixture, and the built site
seen once per session (``site``, ``pages``, ``base_url``, ``visits``) for the site and
accessibility tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests. "nnprimer" (the default, and CI's): deterministic and bounded, the same
# examples on every run. "release": random examples, many more of them, for a developer to
# run before a release (NNPRIMER_HYPOTHESIS_PROFILE=release pytest tests/test_activations.py);
# a failure prints the example and the seed to reproduce it.
settings.register_profile(
    "nnprimer",
    max_examples=int(os.environ.get("NNPRIMER_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "release",
    max_examples=int(os.environ.get("NNPRIMER_HYPOTHESIS_EXAMPLES", "2000")),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("NNPRIMER_HYPOTHESIS_PROFILE", "nnprimer"))


# --------------------------------------------------------------------------------------
# pytest-xdist: pytest.ini runs the suite on `-n auto` workers with `--dist loadgroup`
# --------------------------------------------------------------------------------------
#: The most workers `-n auto` starts (each imports torch; the notebooks start kernels).
MAX_WORKERS = 4


def pytest_xdist_auto_num_workers(config):
    """One worker per CPU, at most :data:`MAX_WORKERS` (PYTEST_XDIST_AUTO_NUM_WORKERS
    overrides; ``pytest -n 0`` runs everything in one process)."""
    env = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if env:
        return int(env)
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


#: Test files that share the session's one visit of every page (the ``visits`` fixture).
SITE_FILES = {"test_site.py", "test_a11y.py"}


def _uses_a_module_fixture(item) -> bool:
    """Whether ``item`` uses a fixture set up once per module (a browser, a JupyterLab
    server, a trained model)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs and defs[-1].scope in ("module", "package") for defs in info.name2fixturedefs.values())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """The site and accessibility tests run in one worker (they share one visit of every
    page), and so does each file with a module-scoped fixture (it starts once). Every other
    test goes to whichever worker is free, so that no big file of quick tests is left for
    one worker at the end while the other waits."""
    grouped = {Path(str(item.path)) for item in items if _uses_a_module_fixture(item)}
    for item in items:
        path = Path(str(item.path))
        if path.name in SITE_FILES:
            item.add_marker(pytest.mark.xdist_group("site"))
        elif path in grouped:
            item.add_marker(pytest.mark.xdist_group(path.as_posix()))


@pytest.fixture(autouse=True)
def _no_figure_left_open():
    """Every test starts without open matplotlib figures (tests that count figures, e.g.
    that an explorer closes its own, must not see one another's), in any order and with
    pytest-xdist."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def zh():
    """Chinese labels for one test, English again afterwards."""
    import nnprimer

    nnprimer.set_language("zh")
    yield
    nnprimer.set_language("en")


# --------------------------------------------------------------------------------------
# The built site (tests/test_site.py, tests/test_a11y.py)
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site() -> Path:
    import site_helpers as sh

    path = sh.site_dir()
    if not sh.site_is_built(path):
        sh.skip_or_fail(f"{sh.BUILD_HINT} (no site in {path}; NNPRIMER_SITE picks another)")
    return path


@pytest.fixture(scope="session")
def pages(site) -> list[str]:
    import site_helpers as sh

    found = sh.content_pages(site)
    assert found, f"no HTML pages under {site / 'book'}"
    return found


@pytest.fixture(scope="session")
def base_url(site):
    import site_helpers as sh

    with sh.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def axe_script() -> str | None:
    """axe-core, as bundled in the PyPI package axe-playwright-python (None without it)."""
    try:
        import axe_playwright_python
    except ImportError:
        return None
    return Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text("utf-8")


@pytest.fixture(scope="session")
def visits(site, base_url, pages, axe_script):
    """Every page opened once in Chromium (see tests/site_survey.py)."""
    import site_helpers as sh
    import site_survey

    return site_survey.survey(base_url, pages, sh.browser_or_skip(), axe_script)
