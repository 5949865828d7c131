// The runner of the standalone JS client checks (sts.mjs, strict_auth.mjs): each starts its own
// server, runs its cases through the JS SDK v3, and passes only if every case passed and the
// server then stopped with exit code 0 on SIGTERM. Import it before the SDK: it silences the
// SDK's node-version warning.
import { spawn } from 'node:child_process';

// The SDK warns on every start that future releases need node >= 22; not these tests' concern.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  String(warning?.message ?? warning).startsWith('NodeVersionSupportWarning') ? undefined
    : emitWarning.call(process, warning, ...rest);

// `binary --port 0 args...` and its endpoint, from the address on its first stdout line.
export function startServer(binary, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('server did not print its address')); }, 20000);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.stdout.on('data', (chunk) => {
      if (buf === null) return;
      buf += chunk.toString();
      const m = buf.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      buf = null;
      resolve({ proc, endpoint: `http://127.0.0.1:${m[1]}` });
    });
  });
}

// SIGTERM, then its exit code (null when it had to be killed after 15 s).
export function stopServer(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(proc.exitCode); return; }
    const timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(null); }, 15000);
    proc.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    proc.kill('SIGTERM');
  });
}

// Runs `await check(endpoint, testCase)` -> { ok, line } for each case and prints each line;
// returns the exit status: 0 only if every check passed and the server stopped cleanly.
export async function runChecks(binary, serverArgs, cases, check) {
  const { proc, endpoint } = await startServer(binary, serverArgs);
  let failures = 0;
  try {
    for (const testCase of cases) {
      const { ok, line } = await check(endpoint, testCase);
      if (!ok) failures++;
      console.log(line);
    }
  } finally {
    const code = await stopServer(proc);
    if (code !== 0) {
      console.log(`server: exit code after SIGTERM was ${code}, expected 0`);
      failures++;
    }
  }
  console.log(`${cases.length - Math.min(failures, cases.length)} passed, ${failures} failed`);
  return failures ? 1 : 0;
}
