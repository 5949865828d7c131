"""The pytest plugin (entry point pytest11): fixtures `securityhub_mock` and
`securityhub_mock_server`, the marker `securityhub_fixtures`, and three settings.

    def test_invite(securityhub_mock):
        admin = securityhub_mock.client("111111111111")
        ...

    @pytest.mark.securityhub_fixtures("walkthrough-mid-flow")
    def test_from_mid_flow(securityhub_mock): ...

Settings (command line, or the ini key in pytest.ini / pyproject.toml / tox.ini):
  --securityhub-mock-bin PATH        securityhub_mock_bin        else $SECURITYHUB_MOCK_BIN, PATH
  --securityhub-mock-db PATH         securityhub_mock_db         a SQLite file instead of memory
  --securityhub-mock-fixtures SPEC   securityhub_mock_fixtures   loaded at start and before each test
Paths on the command line are relative to where pytest runs, in an ini file to that file.
Under pytest-xdist each worker starts its own server (and gets its own --db file, the worker
id before the extension: state.gw0.db).
"""
import os

import pytest

from . import _locate
from .server import MockServer

MARKER = "securityhub_fixtures"
SETTINGS = {  # option dest: (flag, ini key, help)
    "securityhub_mock_bin": ("--securityhub-mock-bin", "the securityhub-mock binary (default: "
                             "$SECURITYHUB_MOCK_BIN, else securityhub-mock on PATH)"),
    "securityhub_mock_db": ("--securityhub-mock-db", "a SQLite file for the server's state "
                            "instead of memory (per xdist worker: NAME.gwN.EXT)"),
    "securityhub_mock_fixtures": ("--securityhub-mock-fixtures", "fixtures the server loads at "
                                  "start and again before each test: a file or a shipped name "
                                  "such as walkthrough-mid-flow"),
}


def pytest_addoption(parser):
    group = parser.getgroup("securityhub-mock", "securityhub-mock (local AWS Security Hub)")
    for dest, (flag, text) in SETTINGS.items():
        group.addoption(flag, dest=dest, default=None, metavar="VALUE", help=text)
        parser.addini(dest, text, default=None)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}(*fixtures): load fixtures into securityhub-mock before the test: "
                   "shipped names (walkthrough-start, walkthrough-mid-flow, organization, ...), "
                   "files, or dicts; needs the securityhub_mock fixture")


def _setting(config, dest):
    """(value, where it came from) of a setting, paths made absolute; (None, None) if unset."""
    value = config.getoption(dest)
    if value:
        source, base = SETTINGS[dest][0], str(config.invocation_params.dir)
    else:
        value = config.getini(dest)
        if not value:
            return None, None
        inifile = config.inipath
        source = f"{dest} in {inifile}" if inifile else dest
        base = str(inifile.parent) if inifile else str(config.rootpath)
    if dest != "securityhub_mock_bin" or os.sep in value:
        if dest == "securityhub_mock_fixtures" and not _locate.is_path(value):
            return value, source  # a shipped fixture name
        value = os.path.join(base, value)
    return value, source


def _per_worker(db):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return db
    root, ext = os.path.splitext(db)
    return f"{root}.{worker}{ext}"


@pytest.fixture(scope="session")
def securityhub_mock_server(request):
    """The session's server (one per xdist worker), not reset between tests: for session-scoped
    fixtures of your own. Tests should take `securityhub_mock`."""
    config = request.config
    binary, bin_source = _setting(config, "securityhub_mock_bin")
    db, _ = _setting(config, "securityhub_mock_db")
    fixtures, _ = _setting(config, "securityhub_mock_fixtures")
    server = MockServer(binary, db=_per_worker(db) if db else None, fixtures=fixtures)
    if bin_source:
        server._bin_source = bin_source
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def securityhub_mock(securityhub_mock_server, request):
    """The session's server, reset before this test (to the start-up fixtures, if any), with
    the fixtures of the test's securityhub_fixtures markers loaded (module's, class's, then
    the test's own). Its `log` holds this test's calls."""
    server = securityhub_mock_server
    server.reset()
    here = os.path.dirname(str(getattr(request, "path", None) or request.fspath))
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        for spec in marker.args:
            if isinstance(spec, (str, os.PathLike)) and _locate.is_path(spec) and \
                    not os.path.isabs(spec) and os.path.isfile(os.path.join(here, spec)):
                spec = os.path.join(here, spec)  # a file next to the test
            server.load(spec)
    return server


def pytest_runtest_setup(item):
    if item.get_closest_marker(MARKER) and "securityhub_mock" not in item.fixturenames:
        pytest.fail(f"@pytest.mark.{MARKER} needs the securityhub_mock fixture: add it to "
                    f"{item.name}'s arguments", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report shows the calls it made to the mock."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("securityhub_mock")
    if report.when != "call" or not report.failed or server is None or server.pid is None:
        return
    lines = []
    for e in server.log:
        lines.append(f"{e.get('status')} {e.get('method')} {e.get('path')} {e.get('operation')} "
                     f"account={e.get('account')} region={e.get('region')}"
                     + (f" {e.get('error')}: {e.get('message')}" if e.get("error") else ""))
    report.sections.append(("securityhub-mock calls", "\n".join(lines) or "(none)"))
