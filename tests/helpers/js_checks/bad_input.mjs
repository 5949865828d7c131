// Bad inputs to startMock and load, run by js_helpers_test.py inside the sample project (so
// "securityhub-mock" is the installed package). Prints one JSON object: for each case, the
// error (class: message) and how long it took.
//   node bad_input.mjs BINARY BUSY_PORT HANGING_BINARY
import { startMock } from "securityhub-mock";

const [binary, busyPort, hanging] = process.argv.slice(2);
const facts = {};

async function errorOf(name, options, env = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const started = Date.now();
  try {
    const mock = await startMock(options);
    await mock.stop();
    facts[name] = ["no error", 0];
  } catch (e) {
    facts[name] = [`${e.name}: ${e.message}`, (Date.now() - started) / 1000];
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

await errorOf("missingBinary", {}, { PATH: "/nonexistent", SECURITYHUB_MOCK_BIN: "" });
await errorOf("binaryNotThere", { bin: "/nonexistent/securityhub-mock" });
await errorOf("busyPort", { bin: binary, port: Number(busyPort) });
await errorOf("badFlag", { bin: binary, args: ["--log-level", "loud"] });
await errorOf("refusedStartupFixture", { bin: binary, fixtures: { hubs: [{ accountId: "1", region: "us-east-1" }] } });
await errorOf("unknownFixtureName", { bin: binary, fixtures: "no-such-fixture" });
await errorOf("missingFixtureFile", { bin: binary, fixtures: "/nonexistent/fixture.json" });
await errorOf("hang", { bin: hanging, startTimeoutMs: 1000 });

const mock = await startMock({ bin: binary });
try {
  await mock.load("no-such-fixture");
  facts.loadUnknown = "no error";
} catch (e) {
  facts.loadUnknown = `${e.name}: ${e.message}`;
}
try {
  await mock.faults.arm("ListMembers", { count: 1 });
  facts.badFault = "no error";
} catch (e) {
  facts.badFault = `${e.name}: ${e.status} ${e.code}: ${e.message}`;
}
process.kill(mock.pid, "SIGKILL");  // a server killed under the test: the next call says so
try {
  await mock.state();
  facts.killed = "no error";
} catch (e) {
  facts.killed = `${e.name}: ${e.message}`;
}
await mock.stop();
console.log(JSON.stringify(facts));
