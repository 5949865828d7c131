"""The runner of the standalone client checks (sts_clients.py, strict_auth_clients.py).

Each starts its own server, runs its cases through one real client, and passes only if every
case passed and the server then stopped with exit code 0 on SIGTERM. Kept apart from
scenario_lib.py so that these checks share nothing with the scenario runners.
"""
import re
import signal
import subprocess
import sys
import threading


def start_server(binary, args):
    """`binary --port 0 args...` and its endpoint, from the address on its first stdout line."""
    proc = subprocess.Popen([binary, "--port", "0"] + list(args),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    first = [b""]
    reader = threading.Thread(target=lambda: first.__setitem__(0, proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(20)
    m = re.search(r"http://127\.0\.0\.1:(\d+)", first[0].decode("utf-8", "replace"))
    if not m:
        proc.kill()
        sys.exit("server did not print its address: %r" % first[0])
    # Drain the rest of stdout so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, "http://127.0.0.1:%s" % m.group(1)


def stop_server(proc):
    """SIGTERM, then its exit code (None when it had to be killed after 15 s)."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None


def run_checks(binary, server_args, cases, check):
    """Runs check(endpoint, case) -> (ok, line) for each case and prints each line; returns the
    exit status: 0 only if every check passed and the server stopped cleanly."""
    proc, endpoint = start_server(binary, server_args)
    failures = 0
    try:
        for case in cases:
            ok, line = check(endpoint, case)
            failures += not ok
            print(line)
    finally:
        code = stop_server(proc)
    if code != 0:
        print("server: exit code after SIGTERM was %s, expected 0" % code)
        failures += 1
    print("%d passed, %d failed" % (len(cases) - min(failures, len(cases)), failures))
    return 1 if failures else 0
