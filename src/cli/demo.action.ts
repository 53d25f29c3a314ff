/** `guantong demo`: load or refresh the demo city (its generator is large: imported only when this runs). */
import type { Command } from 'commander';
import { demoCredentialsText, demoLoaded, loadDemoCity } from '../modules/demo/demo.service.ts';
import { log } from './output.ts';
import { withPlatform } from './with-platform.ts';

export async function loadDemo(cmd: Command) {
  await withPlatform(cmd, async (p) => {
    const first = !(await demoLoaded(p));
    await loadDemoCity(p, log);
    if (first) log(demoCredentialsText());
  });
}
