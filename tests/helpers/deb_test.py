#!/usr/bin/env python3
"""The Debian package as a user gets it: built with `cmake --build BUILD --target package`,
inspected with dpkg-deb, unpacked into a scratch root with dpkg -x, and its binary run there.

usage: deb_test.py BUILD_DIR

Checks: the file name securityhub-mock_<version>_<arch>.deb; its control fields (Depends names
the Debian package of every library the binary links, as dpkg-shlibdeps computes it); its files
(the binary, every shipped fixture byte for byte, the man page made from --help) and nothing
outside /usr; --version and /_mock/health from the unpacked binary; and apt-get's simulation of
installing it (its Depends resolve on this Debian 12).
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from harness import REPO, check, clean_env, finish, run, version_of_project


def needed_packages(binary):
    """The Debian packages holding the shared libraries `binary` links directly (its NEEDED
    entries, found where ldd resolves them, then dpkg -S)."""
    _, dynamic, _ = run(["readelf", "--dynamic", binary], "/", clean_env())
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    _, resolved, _ = run(["ldd", binary], "/", clean_env())
    where = dict(re.findall(r"^\s*(\S+) => (/\S+)", resolved, re.M))
    packages = set()
    for name in needed:
        for path in (where.get(name, ""), os.path.realpath(where.get(name, "/"))):
            code, owner, _ = run(["dpkg", "-S", path], "/", clean_env())
            if path and code == 0:
                packages.add(owner.split(":")[0].strip())
                break
        else:
            packages.add(f"(no package found for {name})")
    return packages


def main():
    build = os.path.abspath(sys.argv[1])
    version = version_of_project()
    _, arch, _ = run(["dpkg", "--print-architecture"], "/", clean_env())
    deb = os.path.join(build, f"securityhub-mock_{version}_{arch.strip()}.deb")
    if os.path.exists(deb):
        os.remove(deb)
    code, out, secs = run(["cmake", "--build", build, "--target", "package"], build, clean_env(), timeout=600)
    check(code == 0 and os.path.exists(deb), f"cmake --build build --target package writes {os.path.basename(deb)} ({secs:.1f} s)", out)
    if not os.path.exists(deb):
        return finish()

    code, out, _ = run(["dpkg-deb", "--field", deb], "/", clean_env())
    fields = dict(re.findall(r"^(\S+): (.*)$", out, re.M))
    check((fields.get("Package"), fields.get("Version"), fields.get("Architecture")) ==
          ("securityhub-mock", version, arch.strip()), "Package, Version (the CMake project's), Architecture", out)
    depends = {d.strip().split(" ")[0] for d in fields.get("Depends", "").split(",") if d.strip()}
    wanted = needed_packages(os.path.join(build, "securityhub-mock"))
    check(wanted and wanted <= depends,
          f"Depends names the package of every library the binary links ({', '.join(sorted(wanted))})",
          f"Depends: {fields.get('Depends')}")
    check(all(re.search(r"\(>= [^)]+\)", d) for d in fields.get("Depends", "").split(",")),
          "every dependency carries the minimum version dpkg-shlibdeps found", fields.get("Depends", ""))

    code, out, _ = run(["dpkg-deb", "--contents", deb], "/", clean_env())
    entries = {}
    for line in out.splitlines():
        parts = line.split()
        entries[parts[-1]] = (parts[0], parts[1])
    check(entries.get("./usr/bin/securityhub-mock", ("",))[0] == "-rwxr-xr-x" and
          entries["./usr/bin/securityhub-mock"][1] == "root/root",
          "/usr/bin/securityhub-mock, executable, owned by root", out)
    shipped = sorted(f for f in os.listdir(os.path.join(REPO, "fixtures")) if f.endswith(".json"))
    check(all(f"./usr/share/securityhub-mock/fixtures/{f}" in entries for f in shipped),
          f"the shipped fixtures under /usr/share/securityhub-mock/fixtures ({', '.join(shipped)})", out)
    check("./usr/share/man/man1/securityhub-mock.1.gz" in entries, "the man page", out)
    check(all(p == "./" or p.startswith("./usr/") for p in entries), "nothing outside /usr", out)

    root = tempfile.mkdtemp(prefix="shmock-deb-root-")
    try:
        code, out, _ = run(["dpkg", "-x", deb, root], "/", clean_env())
        check(code == 0, "dpkg -x into a scratch root", out)
        binary = os.path.join(root, "usr", "bin", "securityhub-mock")
        code, out, _ = run([binary, "--version"], root, clean_env())
        check(code == 0 and out == f"securityhub-mock {version}\n", "the unpacked binary: --version", out)
        for f in shipped:
            with open(os.path.join(root, "usr/share/securityhub-mock/fixtures", f), "rb") as a, \
                    open(os.path.join(REPO, "fixtures", f), "rb") as b:
                if not check(a.read() == b.read(), f"the packaged {f} is the repository's"):
                    break
        with gzip.open(os.path.join(root, "usr/share/man/man1/securityhub-mock.1.gz"), "rt") as f:
            man = f.read()
        check(f'.TH SECURITYHUB-MOCK "1"' in man and f"securityhub-mock {version}" in man,
              "the man page: section 1, the version from --version", man[:400])
        code, helptext, _ = run([binary, "--help"], root, clean_env())
        flags = re.findall(r"^  (--[a-z-]+)", helptext, re.M)
        check(flags and all(flag.replace("-", r"\-") in man for flag in flags),
              f"the man page has every option --help lists ({len(flags)})", man)
        check("/usr/share/securityhub\\-mock/fixtures" in man, "the man page names the fixtures' directory")

        # The unpacked binary serves, with a packaged fixture.
        proc = subprocess.Popen([binary, "--port", "0", "--fixtures",
                                 os.path.join(root, "usr/share/securityhub-mock/fixtures/mid-flow.json")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=clean_env())
        try:
            line = proc.stdout.readline().decode()
            m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            if check(m is not None, "the unpacked binary starts", line):
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                with opener.open(f"http://127.0.0.1:{m.group(1)}/_mock/health", timeout=10) as r:
                    health = json.load(r)
                check(health.get("version") == version and health.get("status") == "ok",
                      "its /_mock/health shows the version", str(health))
                with opener.open(f"http://127.0.0.1:{m.group(1)}/_mock/state", timeout=10) as r:
                    state = json.load(r)
                with open(os.path.join(REPO, "fixtures", "mid-flow.json")) as f:
                    check(state == json.load(f), "it loaded the packaged mid-flow.json")
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    # apt resolves its Depends on this system (a simulation: nothing is installed).
    code, out, _ = run(["apt-get", "install", "--simulate", "--no-install-recommends", deb], "/", clean_env())
    check(code == 0 and re.search(r"^Inst securityhub-mock ", out, re.M) is not None,
          "apt-get install --simulate ./securityhub-mock_….deb: its Depends resolve", out)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
