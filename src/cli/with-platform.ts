/** What the command implementations share: the platform opened from the global flags, and the CLI's audit actor. */
import type { Command } from 'commander';
import { type Platform, openPlatform, platformOptionsFrom } from '../platform/app.ts';
import { type Actor, systemActor } from '../platform/audit/audit.service.ts';

export type GlobalFlags = { data: string; databaseUrl?: string };

/** Open the platform from the global flags, run `fn`, always close. */
export async function withPlatform<T>(cmd: Command, fn: (p: Platform) => Promise<T>): Promise<T> {
  const flags = cmd.optsWithGlobals() as GlobalFlags;
  const p = await openPlatform(platformOptionsFrom(flags));
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

/** The audit actor of a command run by the operator. */
export const cliActor = (): Actor => systemActor(`cli:${process.env.USER ?? 'operator'}`);
