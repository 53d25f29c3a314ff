/** `guantong serve`: open the platform, load the demo city if asked, serve HTTP until signalled. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { demoCredentialsText, demoLoaded, loadDemoCity } from '../modules/demo/demo.service.ts';
import { type PlatformOptions, openPlatform, platformOptionsFrom } from '../platform/app.ts';
import { buildServer } from '../platform/http/server.ts';
import { JOB_DEFS } from '../jobs.ts';
import { startJobs } from '../platform/jobs/jobs.ts';
import { ROUTES } from '../routes.ts';
import { log } from './output.ts';
import type { GlobalFlags } from './with-platform.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function startServer(opts: PlatformOptions & { port: number; host: string; demo: boolean }) {
  const platform = await openPlatform(opts);
  if (opts.demo && !(await demoLoaded(platform))) {
    log('首次启动：正在生成示范市 / first start: generating the demo city …');
    await loadDemoCity(platform, log);
    log(demoCredentialsText());
  }
  const app = await buildServer(platform, { logger: true, webDist: WEB_DIST, routes: ROUTES });
  const jobs = await startJobs(platform, JOB_DEFS);
  await app.listen({ port: opts.port, host: opts.host });
  log(`贯通平台已启动 / Guantong is running: http://${opts.host}:${opts.port}/  (API 文档 docs: /api/docs)`);
  const stop = async () => {
    await app.close();
    await jobs.stop();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, platform };
}

/** The `serve` command: start with the global flags and the command's options, then run until signalled. */
export async function serve(cmd: Command, opts: { port: string; host: string; demo?: boolean }): Promise<never> {
  const flags = cmd.optsWithGlobals() as GlobalFlags;
  await startServer({ ...platformOptionsFrom(flags), port: Number(opts.port), host: opts.host, demo: !!opts.demo });
  return new Promise<never>(() => {});
}
