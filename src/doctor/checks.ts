/** Every check of `migrate doctor`, in the order the report lists them. Each is independent of the others. */
import { apiVersionCheck } from './checks/api-version.js';
import { catalogSyncCheck } from './checks/catalog-sync.js';
import { journalCheck } from './checks/journal.js';
import { keysCheck } from './checks/keys.js';
import { secretsInGitCheck } from './checks/secrets-in-git.js';
import { webhookParityCheck } from './checks/webhook-parity.js';
import type { DoctorCheck } from './types.js';

export const CHECKS: readonly DoctorCheck[] = [keysCheck, apiVersionCheck, webhookParityCheck, catalogSyncCheck, secretsInGitCheck, journalCheck];
