"""Where the binary and the shipped fixtures are."""
import os
import re
import shutil

from .errors import BinaryNotFound, FixtureError

BINARY = "securityhub-mock"
BIN_ENV = "SECURITYHUB_MOCK_BIN"
FIXTURES_ENV = "SECURITYHUB_MOCK_FIXTURES_DIR"
DEB_FIXTURES = "/usr/share/securityhub-mock/fixtures"
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# A shipped fixture's name is its file name without .json; the walkthrough's stages also answer
# to walkthrough-<name> (walkthrough-start is walkthrough-start.json, walkthrough-mid-flow is
# mid-flow.json). Names are plain words, never paths.
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WALKTHROUGH = "walkthrough-"

HOW_TO_GET_IT = ("Install the .deb (apt install ./securityhub-mock_<version>_<arch>.deb, built "
                 "with `cmake --build build --target package`), or build it in a checkout "
                 "(scripts/setup.sh) and point " + BIN_ENV + " or --securityhub-mock-bin at "
                 "build/securityhub-mock.")


def find_binary(explicit=None, source="bin="):
    """The server binary: `explicit` (a path, or a command on PATH), else $SECURITYHUB_MOCK_BIN,
    else securityhub-mock on PATH. `source` says where `explicit` came from, for the error."""
    if not explicit and os.environ.get(BIN_ENV):
        explicit, source = os.environ[BIN_ENV], BIN_ENV
    if explicit:
        explicit = os.fspath(explicit)
        path = explicit if os.sep in explicit else (shutil.which(explicit) or explicit)
        if not os.path.isfile(path):
            raise BinaryNotFound(f"the securityhub-mock binary {explicit!r} (from {source}) does "
                                 f"not exist. {HOW_TO_GET_IT}")
        if not os.access(path, os.X_OK):
            raise BinaryNotFound(f"the securityhub-mock binary {path!r} (from {source}) is not "
                                 "executable")
        return os.path.abspath(path)
    found = shutil.which(BINARY)
    if found is None:
        raise BinaryNotFound(f"securityhub-mock is not on PATH and {BIN_ENV} is not set. "
                             f"{HOW_TO_GET_IT}")
    return found


def fixture_dirs():
    """Where shipped fixture names are looked up, in order."""
    dirs = [d for d in os.environ.get(FIXTURES_ENV, "").split(os.pathsep) if d]
    dirs.append(os.path.join(_PACKAGE_DIR, "fixtures"))  # the wheel's copy
    # Run from a checkout (pip install -e): the repository's own fixtures/. Only there: in a
    # user's project a fixtures/ directory of theirs must not pass for the shipped one.
    checkout = os.path.normpath(os.path.join(_PACKAGE_DIR, "..", "..", ".."))
    if os.path.join(checkout, "clients", "python", "securityhub_mock") == _PACKAGE_DIR:
        dirs.append(os.path.join(checkout, "fixtures"))
    dirs.append(DEB_FIXTURES)
    return dirs


def fixture_path(name):
    """The file of the shipped fixture `name` (see NAME)."""
    if not NAME.match(name):
        raise FixtureError(f"{name!r} is neither a fixture file nor a shipped fixture name "
                           "(lowercase letters, digits and dashes, like walkthrough-mid-flow)")
    candidates = [name]
    if name.startswith(WALKTHROUGH):
        candidates.append(name[len(WALKTHROUGH):])
    dirs = fixture_dirs()
    for d in dirs:
        for c in candidates:
            path = os.path.join(d, c + ".json")
            if os.path.isfile(path):
                return path
    available = sorted({f[:-5] for d in dirs if os.path.isdir(d)
                        for f in os.listdir(d) if f.endswith(".json")})
    raise FixtureError(f"no shipped fixture named {name!r} (looked for "
                       f"{' or '.join(c + '.json' for c in candidates)} in {', '.join(dirs)}); "
                       f"available: {', '.join(available) or 'none'}")


def is_path(spec):
    """True when a fixture given as a string or path-like means a file, not a shipped name."""
    if not isinstance(spec, str):
        return True
    return os.sep in spec or spec.endswith(".json") or os.path.isfile(spec)


def fixture_file(spec):
    """The file a fixture spec (a path or a shipped name) stands for."""
    if is_path(spec):
        path = os.fspath(spec)
        if not os.path.isfile(path):
            raise FixtureError(f"the fixture file {path!r} does not exist")
        return os.path.abspath(path)
    return fixture_path(spec)
