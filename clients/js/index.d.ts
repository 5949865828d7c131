// Type declarations of securityhub-mock's Node helper (index.js).

/** A fixture document: the format of `--fixtures` files and of `GET /_mock/state`. */
export interface FixtureDocument {
  accessKeys?: Record<string, string | { accountId: string; secretAccessKey?: string }>;
  hubs?: Array<Record<string, unknown>>;
  members?: Array<Record<string, unknown>>;
  organization?: Record<string, unknown>;
  [member: string]: unknown;
}

/** A fixture: a document, a file path, or a shipped fixture name such as "walkthrough-mid-flow". */
export type Fixture = FixtureDocument | string;

/** One line of the server's request log (`--log-format json`). */
export interface LogEntry {
  time: string;
  level: "debug" | "info" | "warn" | "error";
  requestId: string;
  method: string | null;
  path: string | null;
  operation: string | null;
  account: string | null;
  region: string | null;
  status: number;
  error: string | null;
  message: string | null;
  latencyUs: number | null;
}

/** A fault rule (README, Fault injection); `operation` is given to `arm` separately. */
export interface FaultRule {
  account?: string;
  region?: string;
  count?: number;
  probability?: number;
  error?: { status: number; code: string; message: string };
  delayMs?: number;
}

export interface ArmedFaultRule extends FaultRule {
  id: string;
  operation: string;
  remaining?: number;
  matched: number;
  applied: number;
}

export interface Health {
  status: string;
  version: string;
  uptimeSeconds: number;
  database?: string;
  [member: string]: unknown;
}

export interface MockOptions {
  /** The binary; default $SECURITYHUB_MOCK_BIN, else securityhub-mock on PATH. */
  bin?: string;
  /** Loaded at start and again by every reset(). */
  fixtures?: Fixture;
  /** A SQLite file instead of memory. */
  db?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** More server flags. */
  args?: string[];
  /** Default 10000. */
  startTimeoutMs?: number;
  /** Default 10000: SIGKILL after this long past SIGTERM. */
  stopTimeoutMs?: number;
}

/** The control API of a running server. */
export class MockClient {
  constructor(endpoint?: string, options?: { startupFixtures?: boolean });
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly startupFixtures: boolean;
  readonly faults: {
    arm(operation?: string, rule?: FaultRule): Promise<ArmedFaultRule>;
    list(): Promise<ArmedFaultRule[]>;
    clear(): Promise<void>;
  };
  health(): Promise<Health>;
  /** The whole state, in the fixtures format. */
  state(): Promise<FixtureDocument>;
  /** Drops all state and fault rules (and loads the start-up fixtures again, if any). */
  reset(): Promise<void>;
  /** Loads a fixture: all of it, or (rejecting with FixtureError) none of it. */
  load(fixture: Fixture): Promise<Record<string, number>>;
}

/** A server started by startMock. */
export class Mock extends MockClient {
  readonly port: number;
  readonly pid: number;
  /** The server's stderr: one JSON object per line. */
  readonly logPath: string;
  /** The calls since start or the last reset(), control calls left out. */
  log(): LogEntry[];
  /** Ends the server by its PID (SIGTERM, then SIGKILL) and waits for it. */
  stop(): Promise<void>;
}

/** Starts a server on a free port; resolves once it answers. */
export function startMock(options?: MockOptions): Promise<Mock>;
/** The control API of a server started elsewhere (default endpoint: $SECURITYHUB_MOCK_ENDPOINT). */
export function connectMock(endpoint?: string, options?: { startupFixtures?: boolean }): MockClient;
export function findBinary(bin?: string): string;
export function fixtureDirs(): string[];
export function fixturePath(name: string): string;

export class MockError extends Error {}
export class BinaryNotFoundError extends MockError {}
export class StartError extends MockError {}
export class FixtureError extends MockError {}
export class ControlError extends MockError {
  readonly status: number;
  readonly code: string | undefined;
}
