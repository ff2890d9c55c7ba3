/**
 * Seeded fault injection: each `/v1` request draws from one PRNG in a fixed order, so the same seed and the same
 * request sequence give the same faults on every run.
 */
import { prng } from '../../util/prng.js';

export type FaultName = 'error-500' | 'reset-after-commit' | 'rate-limit' | 'lock-timeout';
export const FAULT_NAMES: readonly FaultName[] = ['error-500', 'reset-after-commit', 'rate-limit', 'lock-timeout'];

/** A drawn `rate-limit` fault refuses this request and the next ones of the same account and mode: a burst. */
const BURST_LENGTH = 3;


export interface FaultDraw {
  /** Refuse before anything runs. */
  before?: 'error-500' | 'rate-limit' | 'lock-timeout';
  /** Commit, then drop the connection before any response byte. */
  resetAfterCommit: boolean;
}

export class Faults {
  private random: () => number;
  private readonly bursts = new Map<string, number>();

  constructor(
    private readonly rates: Partial<Record<FaultName, number>>,
    private readonly seed: number,
  ) {
    this.random = prng(seed);
  }

  get enabled(): boolean {
    return FAULT_NAMES.some((name) => (this.rates[name] ?? 0) > 0);
  }

  draw(scope: string, write: boolean): FaultDraw {
    const burst = this.bursts.get(scope) ?? 0;
    if (burst > 0) {
      this.bursts.set(scope, burst - 1);
      return { before: 'rate-limit', resetAfterCommit: false };
    }
    if (this.hit('rate-limit')) {
      this.bursts.set(scope, BURST_LENGTH - 1);
      return { before: 'rate-limit', resetAfterCommit: false };
    }
    if (write && this.hit('lock-timeout')) return { before: 'lock-timeout', resetAfterCommit: false };
    if (this.hit('error-500')) return { before: 'error-500', resetAfterCommit: false };
    return { resetAfterCommit: write && this.hit('reset-after-commit') };
  }

  reset(): void {
    this.random = prng(this.seed);
    this.bursts.clear();
  }

  private hit(name: FaultName): boolean {
    const rate = this.rates[name] ?? 0;
    return rate > 0 && this.random() < rate;
  }
}
