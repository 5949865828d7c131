// A process that starts a server and then ends in one of several ways, for
// js_helpers_test.py to check that the server ends with it.
//   node lifecycle.mjs MODE PID_FILE     MODE: forget (never stop()), throw, wait (for a signal)
import fs from "node:fs";
import { startMock } from "securityhub-mock";

const [mode, pidFile] = process.argv.slice(2);
const mock = await startMock();
fs.writeFileSync(pidFile, String(mock.pid));
if (mode === "throw") throw new Error("an uncaught error, on purpose");
if (mode === "wait") setInterval(() => {}, 1000);
// forget: the script just ends; an unref'd server does not keep it alive.
