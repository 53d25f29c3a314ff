/**
 * HTTP API of the integrated data (数据整合):
 *
 *   GET    /api/datasets                               data:catalog  the 16 datasets: columns, rows, last import
 *   POST   /api/datasets/:dataset/import               data:import   multipart upload → import report
 *   GET    /api/datasets/batches                       data:catalog  import catalogue (who supplied what, when)
 *   GET    /api/datasets/batches/:id                   data:catalog  one batch with its rejects
 *   GET    /api/datasets/batches/:id/rejects.xlsx      data:import   rejected rows + reasons as XLSX
 *   GET    /api/datasets/:dataset/rows                 data:read_raw raw rows, page-wise (+ sharing rule; audited)
 *   GET    /api/datasets/:dataset/rows/:id/lineage     data:catalog  batch, file and row number of a stored row
 *   GET    /api/datasets/sharing                       data:share    sharing rules
 *   POST   /api/datasets/sharing                       data:share    share a dataset's raw rows with a role/org
 *   DELETE /api/datasets/:dataset/sharing/:kind/:grantee  data:share revoke
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, badInput, forbidden } from '../../platform/errors.ts';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { bool, int, obj, oneOf, str } from '../../platform/http/schema.ts';
import { DATASET_NAMES } from './catalog.ts';
import {
  type BatchQuery,
  batchDetail,
  datasetOr404,
  grantSharing,
  listBatches,
  listDatasets,
  listSharing,
  type RawRowsQuery,
  readRawRows,
  revokeSharing,
  rowLineage,
  writeRejectsXlsx,
} from './catalog.service.ts';
import { maySetSupplier } from './datasets.policy.ts';
import { auditFailedImport, importFile } from './import.service.ts';

const paging = { page: int({ minimum: 1, default: 1 }), pageSize: int({ minimum: 1, maximum: 500, default: 20 }) };
/** Sorting as the web tables send it (`sort` = a column, `order` = asc|desc); unknown columns are refused by the service. */
const sorting = { sort: str(64), order: oneOf(['asc', 'desc']) };

export async function datasetRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['datasets'];

  app.get('/api/datasets', { config: { access: { permission: 'data:catalog' } }, schema: { tags, summary: '数据目录：数据集、行数、最近导入' } }, async () =>
    listDatasets(db),
  );

  app.post(
    '/api/datasets/:dataset/import',
    {
      config: { access: { permission: 'data:import' } },
      schema: {
        tags,
        summary: '上传并导入数据文件（multipart：file 字段；CSV UTF-8/GB18030 或 XLSX）',
        params: obj({ dataset: str(40) }, ['dataset']),
        querystring: obj({ strict: bool(), supplier_org_id: int({ minimum: 1 }) }),
      },
    },
    async (req) => {
      const { dataset } = req.params as { dataset: string };
      const q = req.query as { strict?: boolean; supplier_org_id?: number };
      const d = datasetOr404(dataset);
      const access = accessOf(req);
      const supplierOrgId = q.supplier_org_id ?? access.orgId;
      if (!maySetSupplier(access, supplierOrgId)) {
        throw forbidden('只能以本单位名义提供数据', 'You can only supply data on behalf of your own organisation');
      }
      if (!req.isMultipart()) throw badInput('请以 multipart/form-data 上传文件（字段 file）', 'Upload the file as multipart/form-data (field "file")');
      const part = await req.file();
      if (!part) throw badInput('没有收到文件', 'No file received');
      const dir = path.join(app.platform.dataDir, 'uploads');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = path.join(dir, randomUUID());
      const fileName = path.basename(part.filename || 'upload');
      try {
        await pipeline(part.file, fs.createWriteStream(tmp, { mode: 0o600 }));
        if (part.file.truncated) throw new AppError('too_large', '文件过大', 'File too large', 413);
        const r = await importFile(app.platform, actorOf(req), { dataset: d.name, file: tmp, fileName, strict: !!q.strict, supplierOrgId });
        return { report: r.report, batch_id: r.batchId, status: r.status, unchanged: r.unchanged, duplicates: r.duplicates };
      } catch (e) {
        if (e instanceof AppError && e.status < 500) await auditFailedImport(app.platform, actorOf(req), d.name, fileName, e).catch(() => {});
        throw e;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    },
  );

  app.get(
    '/api/datasets/batches',
    {
      config: { access: { permission: 'data:catalog' } },
      schema: {
        tags,
        summary: '导入批次目录（哪个单位何时提供了哪个数据集、多少行、哪个文件）',
        querystring: obj({ ...paging, ...sorting, dataset: oneOf(DATASET_NAMES), supplier_org_id: int(), status: oneOf(['committed', 'rejected']) }),
      },
    },
    async (req) => listBatches(db, req.query as BatchQuery),
  );

  app.get(
    '/api/datasets/batches/:id',
    {
      config: { access: { permission: 'data:catalog' } },
      schema: { tags, summary: '导入批次详情（含被拒绝的行）', params: obj({ id: int({ minimum: 1 }) }, ['id']), querystring: obj(paging) },
    },
    async (req) => batchDetail(db, (req.params as { id: number }).id, req.query as { page?: number; pageSize?: number }),
  );

  app.get(
    '/api/datasets/batches/:id/rejects.xlsx',
    {
      config: { access: { permission: 'data:import' } },
      schema: { tags, summary: '下载被拒绝的行（XLSX，含错误原因）', params: obj({ id: int({ minimum: 1 }) }, ['id']) },
    },
    async (req, reply) => {
      const tmp = path.join(os.tmpdir(), `gt-rejects-${randomUUID()}.xlsx`);
      try {
        const r = await writeRejectsXlsx(db, actorOf(req), accessOf(req), (req.params as { id: number }).id, tmp);
        const body = fs.readFileSync(tmp);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="rejects.xlsx"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`)
          .send(body);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    },
  );

  app.get(
    '/api/datasets/:dataset/rows',
    {
      config: { access: { permission: 'data:read_raw' } },
      schema: {
        tags,
        summary: '原始数据行（分页；需数据共享授权；读取留痕）',
        params: obj({ dataset: str(40) }, ['dataset']),
        querystring: obj({ ...paging, ...sorting, column: str(64), value: str(200), batch_id: int({ minimum: 1 }) }),
      },
    },
    async (req) => readRawRows(db, actorOf(req), accessOf(req), (req.params as { dataset: string }).dataset, req.query as RawRowsQuery),
  );

  app.get(
    '/api/datasets/:dataset/rows/:id/lineage',
    {
      config: { access: { permission: 'data:catalog' } },
      schema: { tags, summary: '数据血缘：某行来自哪个批次、哪个文件、第几行', params: obj({ dataset: str(40), id: int({ minimum: 1 }) }, ['dataset', 'id']) },
    },
    async (req) => {
      const p = req.params as { dataset: string; id: number };
      return rowLineage(db, p.dataset, p.id);
    },
  );

  app.get(
    '/api/datasets/sharing',
    { config: { access: { permission: 'data:share' } }, schema: { tags, summary: '数据共享规则', querystring: obj({ dataset: oneOf(DATASET_NAMES) }) } },
    async (req) => ({ items: await listSharing(db, (req.query as { dataset?: string }).dataset) }),
  );

  app.post(
    '/api/datasets/sharing',
    {
      config: { access: { permission: 'data:share' } },
      schema: {
        tags,
        summary: '共享数据集原始数据给角色或单位',
        body: obj({ dataset: oneOf(DATASET_NAMES), grantee_kind: oneOf(['role', 'org']), grantee: str(64) }, ['dataset', 'grantee_kind', 'grantee']),
      },
    },
    async (req) => {
      await grantSharing(db, actorOf(req), req.body as { dataset: string; grantee_kind: 'role' | 'org'; grantee: string });
      return { ok: true };
    },
  );

  app.delete(
    '/api/datasets/:dataset/sharing/:kind/:grantee',
    {
      config: { access: { permission: 'data:share' } },
      schema: { tags, summary: '撤销数据共享', params: obj({ dataset: str(40), kind: oneOf(['role', 'org']), grantee: str(64) }, ['dataset', 'kind', 'grantee']) },
    },
    async (req) => {
      const p = req.params as { dataset: string; kind: 'role' | 'org'; grantee: string };
      return { removed: await revokeSharing(db, actorOf(req), { dataset: p.dataset, grantee_kind: p.kind, grantee: p.grantee }) };
    },
  );
}
