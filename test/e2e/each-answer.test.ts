/**
 * Each of the emulator's other answers alone (`OTHER_ANSWERS`, one switch at a time), on the demo catalog: plan,
 * apply and a clean re-plan (a second apply is checked with all of them at once, `other-answers.test.ts`). All at
 * once is not enough: a lone answer can meet a default the others change (plan-created prices left out of the
 * prices list met the plans list hiding those with price-only fields: an object in no list at all).
 */
import { OTHER_ANSWERS } from '../../src/emulator/switches.js';
import { launchDemo } from '../support/demo-launch.js';

test.each(Object.entries(OTHER_ANSWERS))('with only %s at its other answer (%j), plan, apply and a clean re-plan hold', async (name, value) => {
  await launchDemo('eachanswer', { [name]: value });
});
