"""The PEP 517 build backend of the securityhub-mock Python helpers, in plain Python.

pip installs `./clients/python` by calling these hooks in an isolated environment. They need
nothing but the standard library, so `requires = []` in pyproject.toml and the install works
offline: no setuptools or wheel package is downloaded. A wheel is a zip archive holding the
package, and a `.dist-info` directory with METADATA, WHEEL, entry_points.txt and RECORD (the
hash and size of every file); that is all this module writes.

What goes into the wheel:
  securityhub_mock/*.py           the package
  securityhub_mock/fixtures/      the server's shipped fixtures (../../fixtures/*.json in the
                                  repository, or fixtures/ of an sdist), so the
                                  @pytest.mark.securityhub_fixtures names resolve anywhere
The version is the server's: project(... VERSION x.y.z) in the repository's CMakeLists.txt (or
PKG-INFO in an sdist), so the helpers and the binary they drive never disagree about it.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

NAME = "securityhub-mock"
PACKAGE = "securityhub_mock"
SUMMARY = "Start securityhub-mock (a local AWS Security Hub) from Python tests: a pytest plugin and a context manager"
ENTRY_POINTS = "[pytest11]\nsecurityhub_mock = securityhub_mock.pytest_plugin\n"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # clients/python, or the root of an unpacked sdist
# Zip entries get a fixed time, so the same sources make the same wheel.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _version():
    cmake = os.path.join(ROOT, "..", "..", "CMakeLists.txt")
    if os.path.exists(cmake):
        with open(cmake) as f:
            m = re.search(r"project\(\s*securityhub-mock\s+VERSION\s+([0-9][0-9.]*)", f.read())
        if m:
            return m.group(1)
    pkg_info = os.path.join(ROOT, "PKG-INFO")
    if os.path.exists(pkg_info):
        with open(pkg_info) as f:
            m = re.search(r"^Version: (\S+)$", f.read(), re.M)
        if m:
            return m.group(1)
    raise RuntimeError("securityhub-mock's version comes from the repository's CMakeLists.txt "
                       f"({os.path.normpath(cmake)}), which is not there; build from a checkout")


def _fixtures_dir():
    for d in (os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "..", "..", "fixtures")):
        if os.path.isdir(d):
            return os.path.normpath(d)
    return None


def _metadata(version):
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = f.read()
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\nSummary: {SUMMARY}\n"
            "Requires-Python: >=3.8\nClassifier: Framework :: Pytest\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "Provides-Extra: boto3\nRequires-Dist: boto3; extra == \"boto3\"\n"
            f"Description-Content-Type: text/markdown\n\n{readme}")


def _dist_info(version):
    return f"{PACKAGE}-{version}.dist-info"


def _dist_info_files(version):
    return {
        "METADATA": _metadata(version).encode(),
        "WHEEL": b"Wheel-Version: 1.0\nGenerator: securityhub-mock wheel_backend\n"
                 b"Root-Is-Purelib: true\nTag: py3-none-any\n",
        "entry_points.txt": ENTRY_POINTS.encode(),
        "top_level.txt": f"{PACKAGE}\n".encode(),
    }


def _package_files():
    """(path in the wheel, bytes) for the package and the fixtures it ships."""
    files = []
    src = os.path.join(ROOT, PACKAGE)
    for name in sorted(os.listdir(src)):
        if name.endswith(".py") or name == "py.typed":
            with open(os.path.join(src, name), "rb") as f:
                files.append((f"{PACKAGE}/{name}", f.read()))
    fixtures = _fixtures_dir()
    if fixtures is None:
        print("wheel_backend: no fixtures directory next to the package or in the repository; "
              "the wheel ships none (shipped fixture names then resolve only from "
              "SECURITYHUB_MOCK_FIXTURES_DIR or /usr/share/securityhub-mock/fixtures)")
    else:
        for name in sorted(os.listdir(fixtures)):
            if name.endswith(".json"):
                with open(os.path.join(fixtures, name), "rb") as f:
                    files.append((f"{PACKAGE}/fixtures/{name}", f.read()))
    return files


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def _write_wheel(wheel_directory, files, version):
    info = _dist_info(version)
    files = list(files) + [(f"{info}/{n}", d) for n, d in _dist_info_files(version).items()]
    record = "".join(_record_line(p, d) for p, d in files) + f"{info}/RECORD,,\n"
    files.append((f"{info}/RECORD", record.encode()))
    name = f"{PACKAGE}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            entry = zipfile.ZipInfo(path, ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    return name


# ----------------------------------------------------------------------------- PEP 517 hooks

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    version = _version()
    info = _dist_info(version)
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    for name, data in _dist_info_files(version).items():
        with open(os.path.join(metadata_directory, info, name), "wb") as f:
            f.write(data)
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    return _write_wheel(wheel_directory, _package_files(), version)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """`pip install -e`: a .pth file puts this directory on sys.path; the fixtures are then
    found in the repository (securityhub_mock/_locate.py looks there too)."""
    version = _version()
    return _write_wheel(wheel_directory, [(f"{PACKAGE}.pth", (ROOT + "\n").encode())], version)


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = f"{PACKAGE}-{version}"
    name = f"{base}.tar.gz"
    members = [("PKG-INFO", _metadata(version).encode())]
    for top in ("pyproject.toml", "README.md"):
        with open(os.path.join(ROOT, top), "rb") as f:
            members.append((top, f.read()))
    with open(os.path.join(HERE, "wheel_backend.py"), "rb") as f:
        members.append(("_build/wheel_backend.py", f.read()))
    for path, data in _package_files():
        # The fixtures move to the sdist's own fixtures/, where _fixtures_dir() looks first.
        members.append((path[len(PACKAGE) + 1:] if path.startswith(f"{PACKAGE}/fixtures/") else path, data))
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for path, data in members:
            entry = tarfile.TarInfo(f"{base}/{path}")
            entry.size, entry.mode, entry.mtime = len(data), 0o644, 1577836800
            t.addfile(entry, io.BytesIO(data))
    return name
