"""Start securityhub-mock (a local AWS Security Hub membership API) from Python tests.

    from securityhub_mock import MockServer
    with MockServer() as mock:          # any runner
        mock.client("111111111111").enable_security_hub()

Under pytest the plugin (securityhub_mock.pytest_plugin, registered as a pytest11 entry point)
gives the `securityhub_mock` fixture: one server per session (per xdist worker), reset before
each test. See README.md next to this package.
"""
from ._locate import find_binary, fixture_dirs, fixture_path
from .errors import BinaryNotFound, ControlError, FixtureError, MockError, StartError
from .server import Faults, MockServer

try:
    from importlib.metadata import version as _version
    __version__ = _version("securityhub-mock")
except Exception:  # not installed (run from the source tree)
    __version__ = "0+unknown"

__all__ = ["MockServer", "Faults", "MockError", "BinaryNotFound", "StartError", "FixtureError",
           "ControlError", "find_binary", "fixture_dirs", "fixture_path"]
