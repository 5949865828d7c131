// STS GetCallerIdentity through the JS SDK v3 (@aws-sdk/client-sts, pinned with the Security
// Hub client in package-lock.json).
//
//   node tests/clients/js/sts.mjs <securityhub-mock binary>
//
// Starts its own server, asks for the caller identity with a 12-digit access key (that
// account) and with another key (the server's default account, 123456789012), and checks the
// whole answer. Standalone on purpose: it shares nothing with the scenario runners (the
// server and the cases are run by standalone_checks.mjs). Exits 0
// only if every check passed and the server stopped with exit code 0 on SIGTERM.
import { isDeepStrictEqual } from 'node:util';

import { runChecks } from './standalone_checks.mjs';

const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts').catch(() => {
  console.error('@aws-sdk/client-sts is missing: run  npm ci --prefix tests/clients/js');
  process.exit(2);
});

const DEFAULT_ACCOUNT = '123456789012';
const CASES = [['222222222222', '222222222222'], ['AKIAIOSFODNN7EXAMPLE', DEFAULT_ACCOUNT]];

if (process.argv.length !== 3) {
  console.error('usage: node sts.mjs <securityhub-mock binary>');
  process.exit(2);
}
process.exit(await runChecks(process.argv[2], ['--log-level', 'warn'], CASES, async (endpoint, [key, account]) => {
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
  return { ok: !detail, line: `js sts GetCallerIdentity with key ${key}: ${detail ? 'FAILED' + detail : 'ok'}` };
}));
