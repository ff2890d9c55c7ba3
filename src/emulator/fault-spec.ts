/** Parses the `--faults` flag: `reset-after-commit=0.1,error-500=0.05` → probabilities per fault. */
import { UsageError } from '../util/errors.js';
import { FAULT_NAMES, type FaultName } from './knobs/faults.js';

export function parseFaultSpec(spec: string): Partial<Record<FaultName, number>> {
  const out: Partial<Record<FaultName, number>> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, value, extra] = part.split('=');
    const rate = Number(value);
    if (!FAULT_NAMES.includes(name as FaultName) || value === undefined || extra !== undefined || value.trim() === '' || !(rate >= 0 && rate <= 1)) {
      throw new UsageError('bad_faults', `--faults: cannot read "${part}"`, {
        hint: `write NAME=PROBABILITY pairs separated by commas, NAME one of ${FAULT_NAMES.join(', ')}, PROBABILITY between 0 and 1`,
      });
    }
    out[name as FaultName] = rate;
  }
  return out;
}
