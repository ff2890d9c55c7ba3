/**
 * The journal: a JSON-lines file next to the plan (`<plan>.journal.jsonl`) recording, per request of each
 * change, that it was `started` (before it is sent), `done` (with the live id and Stripe's request id) or
 * `failed`. Every append is fsynced before the request goes out, so after a crash (SIGKILL included) a re-run
 * knows what finished and what was in flight. Entries carry the plan's content hash: a journal left by another
 * plan at the same path is ignored, never trusted.
 */
import { promises as fs } from 'node:fs';
import { assertNoSecrets } from '../util/safe-write.js';

export type JournalEvent = 'started' | 'done' | 'failed';

/** One line of the journal. Invariant: `started` for (address, request) is durable before the request is sent. */
export interface JournalEntry {
  event: JournalEvent;
  time: string;
  /** `contentHash` of the plan this entry belongs to. */
  plan: string;
  address: string;
  /** Index into `Change.requests`. */
  request: number;
  idempotencyKey: string;
  /** Key generation (see `idempotencyKey`); 0 unless a stored server error forced a new key. */
  generation: number;
  liveId?: string | null;
  requestId?: string | null;
  /** How a `done` came about (`sent`, `replayed`, `already-existed`, `found-linked`, `fallback`, …). */
  outcome?: string;
  error?: { code: string; status?: number; message: string };
}

/** The latest entry per (address, request) of one plan. */
export class JournalState {
  private readonly latest = new Map<string, JournalEntry>();

  constructor(entries: JournalEntry[] = []) {
    for (const entry of entries) this.record(entry);
  }

  record(entry: JournalEntry): void {
    this.latest.set(slot(entry.address, entry.request), entry);
  }

  get(address: string, request: number): JournalEntry | undefined {
    return this.latest.get(slot(address, request));
  }

  /** Addresses with any request started (done or not): their live objects may already differ from the plan. */
  touchedAddresses(): Set<string> {
    return new Set([...this.latest.values()].map((entry) => entry.address));
  }

  get size(): number {
    return this.latest.size;
  }
}

function slot(address: string, request: number): string {
  return `${address}#${request}`;
}

export function journalPathFor(planPath: string): string {
  return `${planPath}.journal.jsonl`;
}

/** Reads a journal, keeping the entries of `contentHash`. A torn line (a write cut by SIGKILL) is skipped. */
export async function readJournal(path: string, contentHash: string): Promise<JournalState> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new JournalState();
    throw error;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (entry && entry.plan === contentHash) entries.push(entry);
  }
  return new JournalState(entries);
}

function parseLine(line: string): JournalEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<JournalEntry>;
    const valid =
      (value.event === 'started' || value.event === 'done' || value.event === 'failed') &&
      typeof value.plan === 'string' &&
      typeof value.address === 'string' &&
      typeof value.request === 'number' &&
      typeof value.idempotencyKey === 'string';
    return valid ? ({ generation: 0, ...value } as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Appends entries with group commit: entries appended while a write is running are written and fsynced together
 * by the next one, so concurrent requests do not queue one fsync each. `append` resolves once its line is durable.
 */
export class JournalWriter {
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
    readonly state: JournalState,
    private needsNewline: boolean,
  ) {}

  static async open(path: string, state: JournalState): Promise<JournalWriter> {
    const handle = await fs.open(path, 'a+');
    const { size } = await handle.stat();
    let needsNewline = false;
    if (size > 0) {
      // A torn last line must not swallow the next entry: start on a fresh line.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      needsNewline = last[0] !== 0x0a;
    }
    return new JournalWriter(path, handle, state, needsNewline);
  }

  append(entry: JournalEntry): Promise<void> {
    const line = JSON.stringify(entry);
    // The shared check (as for every file the tool writes): the journal is appended, not written whole.
    try {
      assertNoSecrets(this.path, line);
    } catch (error) {
      return Promise.reject(error);
    }
    this.state.record(entry);
    this.pending.push(line);
    const durable = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.running ??= this.drain();
    return durable;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.handle.write((this.needsNewline ? '\n' : '') + lines.map((line) => `${line}\n`).join(''));
        this.needsNewline = false;
        await this.handle.datasync();
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.running = null;
  }

  async close(): Promise<void> {
    while (this.running) await this.running;
    await this.handle.close();
  }
}
