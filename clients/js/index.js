// securityhub-mock for Node tests: start the server on a free port, reset it, load fixtures,
// arm faults, read its request log, stop it. No dependencies; Node 18 or later.
//
//   import { startMock } from "securityhub-mock";
//   const mock = await startMock({ fixtures: "walkthrough-start" });
//   ... new SecurityHubClient({ endpoint: mock.endpoint, ... }) ...
//   await mock.stop();
//
// The server is started with --port 0 and reports the port on its start line; its JSON request
// log goes to a file that log() reads. Every wait is bounded: a server that exits at start, or
// does not report its port within startTimeoutMs, rejects with a StartError carrying what it
// printed. stop() ends it by its PID (SIGTERM, SIGKILL after stopTimeoutMs); so does this
// process's exit, and SIGINT/SIGTERM/SIGHUP when nothing else listens for them.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BINARY = "securityhub-mock";
const BIN_ENV = "SECURITYHUB_MOCK_BIN";
const FIXTURES_ENV = "SECURITYHUB_MOCK_FIXTURES_DIR";
const DEB_FIXTURES = "/usr/share/securityhub-mock/fixtures";
const PACKAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
const START_LINE = /listening on http:\/\/(\S+):(\d+) /;
// A shipped fixture's name is its file name without .json; the walkthrough's stages also answer
// to walkthrough-<name> (walkthrough-mid-flow is mid-flow.json). Names are words, never paths.
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const WALKTHROUGH = "walkthrough-";
const CONTROL_PATHS = ["/_mock/", "/_localstack/"];
const HOW_TO_GET_IT = "Install the .deb (apt install ./securityhub-mock_<version>_<arch>.deb, built " +
  "with `cmake --build build --target package`), or build it in a checkout (scripts/setup.sh) " +
  `and point ${BIN_ENV} or the bin option at build/securityhub-mock.`;

export class MockError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = this.constructor.name;
  }
}
export class BinaryNotFoundError extends MockError {}
export class StartError extends MockError {}
export class FixtureError extends MockError {}
export class ControlError extends MockError {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ------------------------------------------------------------------------------ locating

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, command))) return path.join(dir, command);
  }
  return null;
}

/** The server binary: `bin` (a path or a command on PATH), else $SECURITYHUB_MOCK_BIN, else
 *  securityhub-mock on PATH. */
export function findBinary(bin) {
  let source = "the bin option";
  if (!bin && process.env[BIN_ENV]) [bin, source] = [process.env[BIN_ENV], BIN_ENV];
  if (bin) {
    const file = bin.includes(path.sep) ? bin : (onPath(bin) || bin);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw new BinaryNotFoundError(`the securityhub-mock binary '${bin}' (from ${source}) does not exist. ${HOW_TO_GET_IT}`);
    }
    if (!isExecutableFile(file)) {
      throw new BinaryNotFoundError(`the securityhub-mock binary '${file}' (from ${source}) is not executable`);
    }
    return path.resolve(file);
  }
  const found = onPath(BINARY);
  if (!found) throw new BinaryNotFoundError(`securityhub-mock is not on PATH and ${BIN_ENV} is not set. ${HOW_TO_GET_IT}`);
  return found;
}

/** Where shipped fixture names are looked up, in order. */
export function fixtureDirs() {
  // The checkout npm linked this package from (clients/js of a securityhub-mock repository); a
  // fixtures/ directory of the user's project, two levels above an installed copy, is not it.
  const checkout = path.resolve(PACKAGE_DIR, "..", "..");
  const fromCheckout = path.join(checkout, "clients", "js") === PACKAGE_DIR;
  return [
    ...(process.env[FIXTURES_ENV] || "").split(path.delimiter).filter(Boolean),
    path.join(PACKAGE_DIR, "fixtures"),                 // a packed copy, if one was made
    ...(fromCheckout ? [path.join(checkout, "fixtures")] : []),
    DEB_FIXTURES,
  ];
}

/** The file of a shipped fixture name (walkthrough-mid-flow, organization, ...). */
export function fixturePath(name) {
  if (!NAME.test(name)) {
    throw new FixtureError(`'${name}' is neither a fixture file nor a shipped fixture name ` +
      "(lowercase letters, digits and dashes, like walkthrough-mid-flow)");
  }
  const candidates = name.startsWith(WALKTHROUGH) ? [name, name.slice(WALKTHROUGH.length)] : [name];
  const dirs = fixtureDirs();
  for (const dir of dirs) {
    for (const c of candidates) {
      const file = path.join(dir, `${c}.json`);
      if (fs.existsSync(file)) return file;
    }
  }
  const available = new Set();
  for (const dir of dirs) {
    try {
      for (const f of fs.readdirSync(dir)) if (f.endsWith(".json")) available.add(f.slice(0, -5));
    } catch { /* not there */ }
  }
  throw new FixtureError(`no shipped fixture named '${name}' (looked for ` +
    `${candidates.map((c) => `${c}.json`).join(" or ")} in ${dirs.join(", ")}); ` +
    `available: ${[...available].sort().join(", ") || "none"}`);
}

function isPath(spec) {
  return spec.includes(path.sep) || spec.endsWith(".json") || fs.existsSync(spec);
}

function fixtureFile(spec) {
  if (!isPath(spec)) return fixturePath(spec);
  if (!fs.existsSync(spec)) throw new FixtureError(`the fixture file '${spec}' does not exist`);
  return path.resolve(spec);
}

// ------------------------------------------------------------------------------ the control API

function request(endpoint, method, urlPath, body, timeoutMs = 10000) {
  const url = new URL(urlPath, endpoint);
  return new Promise((resolve, reject) => {
    // agent: false, so no kept-alive socket outlives the call (or the server).
    const req = http.request(url, { method, agent: false, timeout: timeoutMs,
      headers: { "Content-Type": "application/json", ...(body ? { "Content-Length": Buffer.byteLength(body) } : {}) } },
    (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let doc = {};
        try { doc = text.trim() ? JSON.parse(text) : {}; } catch { /* not JSON */ }
        if (res.statusCode >= 400) {
          reject(new ControlError(`${method} ${urlPath}: ${res.statusCode} ${doc.Code || ""}: ${doc.Message || text}`,
            res.statusCode, doc.Code));
        } else {
          resolve(doc);
        }
      });
    });
    req.on("timeout", () => req.destroy(new MockError(`${method} ${url} did not answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** The control API of a server that is already running (started by startMock elsewhere, say
 *  in a global setup). `startupFixtures`: the server was started with fixtures, so reset()
 *  loads them again. */
export class MockClient {
  constructor(endpoint = process.env.SECURITYHUB_MOCK_ENDPOINT, { startupFixtures = false } = {}) {
    if (!endpoint) throw new MockError("no endpoint: pass one, or set SECURITYHUB_MOCK_ENDPOINT");
    this.endpoint = endpoint.replace(/\/$/, "");
    this.startupFixtures = startupFixtures;
    this.faults = {
      /** Arms a fault rule (README, Fault injection) and returns it as the server stored it. */
      arm: (operation = "*", rule = {}) => this._call("POST", "/_mock/faults", { ...rule, operation }),
      list: async () => (await this._call("GET", "/_mock/faults")).rules,
      clear: async () => { await this._call("DELETE", "/_mock/faults"); },
    };
  }

  _call(method, urlPath, doc) {
    return request(this.endpoint, method, urlPath, doc === undefined ? undefined
      : (typeof doc === "string" || Buffer.isBuffer(doc) ? doc : JSON.stringify(doc)));
  }

  health() { return this._call("GET", "/_mock/health"); }

  /** The whole state, in the fixtures format. */
  state() { return this._call("GET", "/_mock/state"); }

  /** Drops all state and fault rules (and loads the start-up fixtures again, if any). */
  async reset() {
    await this._call("POST", this.startupFixtures ? "/_mock/reset?fixtures=1" : "/_mock/reset");
  }

  /** Loads a fixture document (an object), file, or shipped name: all of it, or, refused, none
   *  of it (FixtureError with the server's reason). Resolves to the counts loaded. */
  async load(fixture) {
    let body, source;
    if (typeof fixture === "object" && fixture !== null) {
      [body, source] = [JSON.stringify(fixture), "document"];
    } else {
      source = fixtureFile(String(fixture));
      body = fs.readFileSync(source);
    }
    try {
      return await this._call("POST", "/_mock/fixtures", body);
    } catch (e) {
      if (e instanceof ControlError) throw new FixtureError(`the server refused the fixture ${source}: ${e.message}`);
      throw e;
    }
  }
}

export function connectMock(endpoint, options) {
  return new MockClient(endpoint, options);
}

// ------------------------------------------------------------------------------ the process

const running = new Set();  // the children of startMock not yet stopped
let hooked = false;

function isRunning(child) {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function kill(child, signal) {
  if (isRunning(child)) {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

// Servers still running when this process ends are ended with it: on exit, and on the stop
// signals when nothing else listens for them (then the signal is raised again, to end this
// process as it would have).
function hookProcessEnd() {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of running) kill(child, "SIGTERM");
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    const onSignal = () => {
      for (const child of running) kill(child, "SIGTERM");
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A running server (from startMock): the control API, its request log, stop(). */
export class Mock extends MockClient {
  constructor(child, { port, host, dir, startupFixtures, stopTimeoutMs }) {
    super(`http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`, { startupFixtures });
    this.port = port;
    this.pid = child.pid;
    this.logPath = path.join(dir, "server.log");
    this._child = child;
    this._dir = dir;
    this._stopTimeoutMs = stopTimeoutMs;
    this._logOffset = 0;
  }

  async reset() {
    await super.reset();
    this._logOffset = fs.statSync(this.logPath).size;
  }

  async _call(method, urlPath, doc) {
    try {
      return await super._call(method, urlPath, doc);
    } catch (e) {
      if (e instanceof ControlError) throw e;
      // A refused connection may come before Node has seen the child's exit: give it a moment.
      if (isRunning(this._child)) await exitWithin(this._child, 500);
      if (isRunning(this._child)) throw e;
      throw new MockError(`securityhub-mock (pid ${this.pid}) has exited with ` +
        `${this._child.exitCode !== null ? `status ${this._child.exitCode}` : this._child.signalCode}: ` +
        `${outputTail(this._dir) || "(it printed nothing)"}`);
    }
  }

  /** The calls since start or the last reset(), oldest first: the server's request-log entries
   *  (requestId, method, path, operation, account, region, status, error, message, latencyUs),
   *  without the control API's own calls. The server writes a call's line before answering it. */
  log() {
    const fd = fs.openSync(this.logPath, "r");
    let text;
    try {
      const size = fs.fstatSync(fd).size - this._logOffset;
      const buf = Buffer.alloc(Math.max(size, 0));
      fs.readSync(fd, buf, 0, buf.length, this._logOffset);
      text = buf.toString();
    } finally {
      fs.closeSync(fd);
    }
    const entries = [];
    for (const line of text.split("\n")) {
      let e;
      try { e = JSON.parse(line); } catch { continue; }
      if (e.requestId && !CONTROL_PATHS.some((p) => String(e.path || "").startsWith(p))) entries.push(e);
    }
    return entries;
  }

  /** Ends the server by its PID (SIGTERM, then SIGKILL after stopTimeoutMs) and waits for it;
   *  safe to call twice. */
  async stop() {
    await end(this._child, "SIGTERM", this._stopTimeoutMs);  // SIGTERM: finishes calls in flight
    fs.rmSync(this._dir, { recursive: true, force: true });
  }
}

// Resolves when the child has exited or `ms` have passed, whichever is first.
async function exitWithin(child, ms) {
  let timer;
  await Promise.race([new Promise((resolve) => child.once("exit", resolve)),
    new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}

// Sends `signal` to the child and waits for its exit; SIGKILL after `timeoutMs`.
async function end(child, signal, timeoutMs) {
  if (isRunning(child)) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    kill(child, signal);
    let timer;
    const late = new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, "late"); });
    if ((await Promise.race([exited, late])) === "late") {
      kill(child, "SIGKILL");
      await exited;
    }
    clearTimeout(timer);
  }
  running.delete(child);
}

function outputTail(dir, lines = 5) {
  let text = "";
  for (const f of ["stdout.txt", "server.log"]) {
    try { text += fs.readFileSync(path.join(dir, f)).toString().slice(-4096); } catch { /* none */ }
  }
  return text.trim().split("\n").filter(Boolean).slice(-lines).join(" | ");
}

/**
 * Starts a server on a free port and resolves once it answers.
 *   bin       the binary (else $SECURITYHUB_MOCK_BIN, else securityhub-mock on PATH)
 *   fixtures  loaded at start and by every reset(): a file, a shipped name, or an object
 *   db        a SQLite file instead of memory
 *   port, host, args (more server flags), startTimeoutMs, stopTimeoutMs
 * SHMOCK_* variables of the environment are not passed on.
 */
export async function startMock({ bin, fixtures, db, port = 0, host = "127.0.0.1", args = [],
  startTimeoutMs = 10000, stopTimeoutMs = 10000 } = {}) {
  const binary = findBinary(bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "securityhub-mock-"));
  let child;
  try {
    const argv = ["--host", host, "--port", String(port), "--log-format", "json", "--log-level", "info"];
    if (db) argv.push("--db", db);
    if (fixtures !== undefined && fixtures !== null) {
      let file;
      if (typeof fixtures === "object") {
        file = path.join(dir, "startup-fixtures.json");
        fs.writeFileSync(file, JSON.stringify(fixtures));
      } else {
        file = fixtureFile(String(fixtures));
      }
      argv.push("--fixtures", file);
    }
    argv.push(...args);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SHMOCK_")));
    const out = fs.openSync(path.join(dir, "stdout.txt"), "w");
    const err = fs.openSync(path.join(dir, "server.log"), "w");
    try {
      child = spawn(binary, argv, { stdio: ["ignore", out, err], env });
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
    }
    child.unref();  // a forgotten stop() must not keep this process alive; its exit ends the server
    running.add(child);
    hookProcessEnd();
    let spawnError = null;
    child.once("error", (e) => { spawnError = e; });
    const command = [binary, ...argv].join(" ");
    const deadline = Date.now() + startTimeoutMs;
    let listening;
    for (;;) {
      listening = START_LINE.exec(fs.readFileSync(path.join(dir, "stdout.txt")).toString());
      if (listening) break;
      if (spawnError) throw new StartError(`securityhub-mock could not be started: ${spawnError.message} [command: ${command}]`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new StartError(`securityhub-mock exited with ${child.exitCode !== null ? `status ${child.exitCode}` : child.signalCode} ` +
          `at start: ${outputTail(dir) || "(it printed nothing)"} [command: ${command}]`);
      }
      if (Date.now() >= deadline) {
        throw new StartError(`securityhub-mock (pid ${child.pid}) did not report its port within ${startTimeoutMs} ms; ` +
          `it was stopped. Output: ${outputTail(dir) || "(none)"} [command: ${command}]`);
      }
      await sleep(10);
    }
    const mock = new Mock(child, { port: Number(listening[2]), host, dir, stopTimeoutMs,
      startupFixtures: fixtures !== undefined && fixtures !== null });
    try {
      await mock.health();
    } catch (e) {
      await mock.stop();
      throw new StartError(`securityhub-mock (pid ${child.pid}) printed its port ${mock.port} but ` +
        `${mock.endpoint}/_mock/health does not answer: ${e.message}`);
    }
    return mock;
  } catch (e) {
    if (child) await end(child, "SIGKILL", stopTimeoutMs);  // it never served: nothing to finish
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
