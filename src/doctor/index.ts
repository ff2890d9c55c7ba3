/** `migrate doctor`: the go-live report (checks table, runner, rendering). */
export { CHECKS } from './checks.js';
export { createDoctorContext } from './context.js';
export { doctorToJson, renderDoctorText } from './render.js';
export { runDoctor } from './run.js';
export type { CheckReport, CheckResult, CheckStatus, DoctorCheck, DoctorContext, DoctorOptions, DoctorReport } from './types.js';
