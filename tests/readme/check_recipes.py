#!/usr/bin/env python3
"""Checks that the container and CI recipes agree with the server they start.

usage: check_recipes.py SERVER_BINARY

Docker and GitHub cannot run here, so what they would run is checked instead. The server's
facts come from the binary, never from a second copy in this file: its variables and default
port from `--help`, its health path from scripts/healthcheck.sh run against it. Then:
  - Dockerfile: every SHMOCK_* it sets is a server variable; it EXPOSEs the port it sets; it
    runs as a non-root user; its HEALTHCHECK is scripts/healthcheck.sh and its last stage runs
    scripts/setup.sh --runtime (which is run here too).
  - scripts/healthcheck.sh: succeeds against the binary started with the image's variables and
    fails once it has stopped; every health path named anywhere answers 200.
  - compose.yaml: the mock's variables are server variables, its published container port is
    the one it sets, its health check is the image's, its fixtures mount holds the file
    SHMOCK_FIXTURES names and the binary starts with them; the application reaches the mock at
    that port.
  - README recipe blocks (<!-- test: recipe -->): the same for each `docker run`, Actions job
    and `services:` entry: variables, published container port, health command, and every
    http://127.0.0.1:PORT published by the same recipe.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

from readme_blocks import blocks

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
failures = []


def check(ok, what):
    print(f"{'ok' if ok else 'FAIL'}: {what}")
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The binary started with a container's variables, but on 127.0.0.1 and a free port."""

    def __init__(self, binary, variables):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHMOCK_")}
        env.update(variables, SHMOCK_HOST="127.0.0.1", SHMOCK_PORT=str(self.port))
        self.proc = subprocess.Popen([binary], env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.start_line = self.proc.stdout.readline().decode()

    def healthcheck(self):
        env = dict(os.environ, SHMOCK_PORT=str(self.port))
        return subprocess.run([os.path.join(REPO, "scripts", "healthcheck.sh")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode

    def status(self, path):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5).status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return None

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def main():
    binary = sys.argv[1]
    help_text = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, text=True, check=True).stdout
    variables = set(re.findall(r"env (SHMOCK_\w+)", help_text))
    default_port = re.search(r"--port PORT.*\(default (\d+)", help_text).group(1)
    check({"SHMOCK_HOST", "SHMOCK_PORT", "SHMOCK_DB", "SHMOCK_FIXTURES"} <= variables,
          "the server reads SHMOCK_HOST, SHMOCK_PORT, SHMOCK_DB and SHMOCK_FIXTURES (--help)")

    def known(names, where):
        unknown = sorted(set(names) - variables)
        check(not unknown, f"{where}: every SHMOCK_* is a server variable" + (f" (not: {unknown})" if unknown else ""))

    # Dockerfile
    with open(os.path.join(REPO, "Dockerfile")) as f:
        dockerfile = f.read()
    final_stage = dockerfile[dockerfile.rindex("\nFROM "):]
    image_env = dict(re.findall(r"(SHMOCK_\w+)=(\S+)", "\n".join(
        line for line in final_stage.split("\n") if line.startswith("ENV "))))
    known(image_env, "Dockerfile ENV")
    image_port = image_env.get("SHMOCK_PORT", default_port)
    check(re.search(rf"^EXPOSE {image_port}$", final_stage, re.M) is not None,
          f"Dockerfile EXPOSEs the port it listens on ({image_port})")
    check(image_env.get("SHMOCK_HOST") == "0.0.0.0", "the image listens on 0.0.0.0")
    user = re.findall(r"^USER (\S+)", final_stage, re.M)
    check(bool(user) and user[-1] not in ("root", "0"), f"the image runs as a non-root user ({user})")
    health = re.search(r'^HEALTHCHECK .*CMD \["([^"]+)"\]', final_stage, re.M)
    health_cmd = health.group(1) if health else None
    check(health_cmd is not None and re.search(rf"COPY scripts/healthcheck.sh \S*/{re.escape(health_cmd)}\b", final_stage) is not None,
          f"the image's HEALTHCHECK runs scripts/healthcheck.sh ({health_cmd})")
    check("setup.sh --runtime" in final_stage and re.search(r"RUN .*scripts/setup.sh", dockerfile) is not None,
          "the image's stages run scripts/setup.sh and scripts/setup.sh --runtime")
    runtime = subprocess.run([os.path.join(REPO, "scripts", "setup.sh"), "--runtime"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    check(runtime.returncode == 0, f"scripts/setup.sh --runtime succeeds here {runtime.stdout.strip()}")

    # The health check against the binary with the image's variables.
    server = Server(binary, image_env)
    check(server.healthcheck() == 0, f"scripts/healthcheck.sh succeeds against the server ({server.start_line.strip()})")
    with open(os.path.join(REPO, "scripts", "healthcheck.sh")) as f:
        health_paths = set(re.findall(r"/_(?:mock|localstack)/[\w/]+", f.read()))

    # compose.yaml
    with open(os.path.join(REPO, "compose.yaml")) as f:
        compose = yaml.safe_load(f)
    mock_name = next(n for n, s in compose["services"].items() if "healthcheck" in s)
    mock = compose["services"][mock_name]
    mock_env = {k: str(v) for k, v in mock.get("environment", {}).items()}
    known(mock_env, "compose.yaml")
    mock_port = mock_env.get("SHMOCK_PORT", image_port)
    container_ports = [str(p).split(":")[-1] for p in mock.get("ports", [])]
    check(container_ports == [mock_port], f"compose.yaml publishes the port the mock listens on ({container_ports} vs {mock_port})")
    check(mock["healthcheck"]["test"] == ["CMD", health_cmd], f"compose.yaml's health check is the image's ({mock['healthcheck']['test']})")
    host_env = dict(mock_env)
    for volume in mock.get("volumes", []):
        source, target = volume.split(":")[:2]
        for key, value in mock_env.items():
            if value.startswith(target + "/"):
                host_path = os.path.join(REPO, source, value[len(target) + 1:]) if source.startswith(".") else None
                if key == "SHMOCK_FIXTURES":
                    check(host_path is not None and os.path.isfile(host_path), f"compose.yaml: {key}={value} is a file in {source}")
                    host_env[key] = host_path or value
                else:
                    host_env[key] = os.path.join(tempfile.mkdtemp(prefix="shmock-recipe-"), os.path.basename(value))
    seeded = Server(binary, host_env)
    check(seeded.healthcheck() == 0, f"the server starts with compose.yaml's variables ({seeded.start_line.strip() or seeded.proc.stderr.read().decode()})")
    seeded.stop()
    for name, service in compose["services"].items():
        if name == mock_name:
            continue
        text = yaml.safe_dump(service)
        urls = re.findall(rf"http://{mock_name}:(\d+)", text)
        check(bool(urls) and set(urls) == {mock_port}, f"compose.yaml: {name} reaches {mock_name} at port {mock_port} ({urls})")

    # README recipes
    with open(os.path.join(REPO, "README.md")) as f:
        recipes = [b for b in blocks(f.read()) if b.kind == "recipe"]
    check(len(recipes) >= 3, f"README has its container and CI recipes ({len(recipes)})")
    for b in recipes:
        where = f"README.md:{b.line}"
        known(re.findall(r"SHMOCK_\w+", b.text), where)
        health_paths |= set(re.findall(r"/_(?:mock|localstack)/[\w/]+", b.text))
        published = {}  # host port -> container port
        for cmd in re.findall(r"docker run (?:[^\n]*\\\n)*[^\n]*", b.text):
            port = (re.findall(r"-e SHMOCK_PORT=(\d+)", cmd) or [image_port])[0]
            for host, container in re.findall(r"-p (\d+):(\d+)", cmd):
                published[host] = container
                check(container == port, f"{where}: docker run publishes the container port the mock listens on ({container} vs {port})")
            for source, target in re.findall(r'-v "?\$PWD/([\w./-]+):(/[\w/]+)', cmd):
                for value in re.findall(rf"SHMOCK_FIXTURES=({re.escape(target)}/\S+)", cmd):
                    check(os.path.isfile(os.path.join(REPO, source, value[len(target) + 1:])),
                          f"{where}: SHMOCK_FIXTURES={value} is a file in {source}")
        if b.lang == "yaml":
            doc = yaml.safe_load(b.text)
            for job in doc["jobs"].values():
                for service in job.get("services", {}).values():
                    env_port = str(service.get("env", {}).get("SHMOCK_PORT", image_port))
                    for mapping in service.get("ports", []):
                        host, container = str(mapping).split(":")
                        published[host] = container
                        check(container == env_port, f"{where}: the service publishes the port the mock listens on ({container})")
                    options = service.get("options", "")
                    cmd = re.search(r"--health-cmd (\S+)", options)
                    check(cmd is not None and cmd.group(1) == health_cmd, f"{where}: the service's --health-cmd is the image's ({cmd and cmd.group(1)})")
            if "docker inspect" in b.text:
                check(".State.Health.Status" in b.text and health_cmd is not None,
                      f"{where}: waits on the image's health check")
        for port in set(re.findall(r"http://127\.0\.0\.1:(\d+)", b.text)):
            check(port in published, f"{where}: http://127.0.0.1:{port} is a port the recipe publishes ({sorted(published)})")

    for path in sorted(health_paths):
        check(server.status(path) == 200, f"the health path {path} answers 200")
    server.stop()
    check(server.healthcheck() != 0, "scripts/healthcheck.sh fails once the server has stopped")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
