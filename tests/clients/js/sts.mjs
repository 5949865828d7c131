// STS GetCallerIdentity through the JS SDK v3 (@aws-sdk/client-sts, pinned with the Security
// Hub client in package-lock.json).
//
//   node tests/clients/js/sts.mjs <securityhub-mock binary>
//
// Starts its own server, asks for the caller identity with a 12-digit access key (that
// account) and with another key (the server's default account, 123456789012), and checks the
// whole answer. Standalone on purpose: it shares nothing with the scenario runners. Exits 0
// only if every check passed and the server stopped with exit code 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';

// The SDK warns on every start that future releases need node >= 22; not this test's concern.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  String(warning?.message ?? warning).startsWith('NodeVersionSupportWarning') ? undefined
    : emitWarning.call(process, warning, ...rest);

const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts').catch(() => {
  console.error('@aws-sdk/client-sts is missing: run  npm ci --prefix tests/clients/js');
  process.exit(2);
});

const DEFAULT_ACCOUNT = '123456789012';
const CASES = [['222222222222', '222222222222'], ['AKIAIOSFODNN7EXAMPLE', DEFAULT_ACCOUNT]];

function startServer(binary) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
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

function stopServer(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(proc.exitCode); return; }
    const timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(null); }, 15000);
    proc.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    proc.kill('SIGTERM');
  });
}

if (process.argv.length !== 3) {
  console.error('usage: node sts.mjs <securityhub-mock binary>');
  process.exit(2);
}
const { proc, endpoint } = await startServer(process.argv[2]);
let failures = 0;
try {
  for (const [key, account] of CASES) {
    const expected = { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
    let detail = '';
    try {
      const sts = new STSClient({
        endpoint, region: 'us-east-1', maxAttempts: 1,
        credentials: { accessKeyId: key, secretAccessKey: 'secret' },
      });
      const { $metadata, ...got } = await sts.send(new GetCallerIdentityCommand({}));
      if (!isDeepStrictEqual(got, expected) || !/^[0-9a-f-]{36}$/.test($metadata.requestId ?? '')) {
        detail = ` got ${JSON.stringify(got)} (requestId ${$metadata.requestId}), expected ${JSON.stringify(expected)}`;
      }
      sts.destroy();
    } catch (e) {
      detail = ` ${e.name}: ${e.message}`;
    }
    if (detail) failures++;
    console.log(`js sts GetCallerIdentity with key ${key}: ${detail ? 'FAILED' + detail : 'ok'}`);
  }
} finally {
  const code = await stopServer(proc);
  if (code !== 0) {
    console.log(`server: exit code after SIGTERM was ${code}, expected 0`);
    failures++;
  }
}
console.log(`${CASES.length - Math.min(failures, CASES.length)} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
