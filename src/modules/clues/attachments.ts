/**
 * Clue documents: stored on disk content-addressed by SM3 under <dataDir>/attachments, so the
 * hash in the database both names the file and proves it unchanged; recorded and audited.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { SM3_NATIVE, sm3Concat } from '../../platform/crypto/sm3.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { CLUE, factsOf, loadVisibleClue } from './clue-access.ts';
import { assertMay } from './clues.policy.ts';
import { illegalTransition } from './workflow.ts';

export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

export function attachmentPath(dataDir: string, sm3: string): string {
  if (!/^[0-9a-f]{64}$/.test(sm3)) throw new Error(`bad attachment hash ${sm3}`);
  return path.join(attachmentsDir(dataDir), sm3.slice(0, 2), sm3);
}

/** An incremental SM3 (Node's native one; sm-crypto over the collected bytes where Node lacks SM3). */
function sm3Hasher() {
  if (SM3_NATIVE) {
    const h = createHash('sm3');
    return { update: (b: Buffer) => h.update(b), hex: () => h.digest('hex') };
  }
  const parts: Buffer[] = [];
  return { update: (b: Buffer) => parts.push(b), hex: () => sm3Concat(parts).toString('hex') };
}

/** Stream `source` into the store; returns its SM3 and size. An identical file is stored once. */
export async function storeFile(dataDir: string, source: NodeJS.ReadableStream): Promise<{ sm3: string; size: number }> {
  const tmpDir = path.join(attachmentsDir(dataDir), 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir, randomUUID());
  const hash = sm3Hasher();
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, tap, fs.createWriteStream(tmp, { mode: 0o600 }));
    const sm3 = hash.hex();
    const final = attachmentPath(dataDir, sm3);
    fs.mkdirSync(path.dirname(final), { recursive: true, mode: 0o700 });
    if (fs.existsSync(final)) fs.rmSync(tmp);
    else fs.renameSync(tmp, final);
    return { sm3, size };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export interface UploadedFile {
  fileName: string;
  mime: string;
  stream: NodeJS.ReadableStream;
}

/** Store a document of the clue under <dataDir>/attachments (SM3-addressed) and record it. */
export async function addAttachment(db: Queryable, dataDir: string, actor: Actor, access: AccessContext, clueId: number, file: UploadedFile) {
  const c = await loadVisibleClue(db, access, clueId);
  assertMay(access, 'attach', factsOf(c));
  if (c.status === 'merged') throw illegalTransition(c.status, 'record_step');
  const stored = await storeFile(dataDir, file.stream);
  return inTx(db, async (tx) => {
    const row = await tx
      .insertInto('clue_attachments')
      .values({ clue_id: clueId, file_name: file.fileName.slice(0, 255), mime: file.mime.slice(0, 100), size: stored.size, sm3: stored.sm3, uploaded_by: access.userId })
      .returning(['id', 'file_name', 'mime', 'size', 'sm3'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'clue.attach', objectType: CLUE, objectId: clueId, detail: { attachment_id: row.id, file_name: row.file_name, sm3: row.sm3, size: stored.size } });
    return row;
  });
}

/** One document of a clue the user may see (its reading is audited). */
export async function getAttachment(db: Queryable, actor: Actor, access: AccessContext, clueId: number, attachmentId: number) {
  await loadVisibleClue(db, access, clueId);
  const a = await db.selectFrom('clue_attachments').selectAll().where('id', '=', attachmentId).where('clue_id', '=', clueId).executeTakeFirst();
  if (!a) throw notFound('附件', 'Attachment');
  await recordAudit(db, actor, { action: 'clue.attachment.read', objectType: CLUE, objectId: clueId, detail: { attachment_id: a.id, sm3: a.sm3 } });
  return a;
}
