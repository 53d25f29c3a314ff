/**
 * 区划地图 routes:
 *   GET    /api/dashboard/map          dashboard:view   the map the dashboard draws (uploaded / schematic / none)
 *   GET    /api/admin/district-map     admin:settings   the same, for the administration page
 *   PUT    /api/admin/district-map     admin:settings   upload a GeoJSON file (multipart, field `file`, ≤ 5 MB);
 *                                                       `?dry_run=true` only validates and returns the preview
 *   DELETE /api/admin/district-map     admin:settings   back to the default
 */
import { actorOf, type App } from '../../platform/http/server.ts';
import { bool, obj } from '../../platform/http/schema.ts';
import { AppError, badInput } from '../../platform/errors.ts';
import { MAX_MAP_BYTES } from './district-map.ts';
import { getDistrictMap, resetDistrictMap, uploadDistrictMap } from './district-map.service.ts';

const tooLarge = () => new AppError('too_large', `区划地图文件超过 ${MAX_MAP_BYTES / 1024 / 1024} MB，请简化边界后再上传`, `The district map file is larger than ${MAX_MAP_BYTES / 1024 / 1024} MB: simplify the boundaries`, 413);

export async function districtMapRoutes(app: App) {
  const { db } = app.platform;
  const admin = { access: { permission: 'admin:settings' } };

  app.get('/api/dashboard/map', { config: { access: { permission: 'dashboard:view' } }, schema: { tags: ['dashboard'], summary: '驾驶舱区划地图（GeoJSON；未配置时为示范市示意图）' } }, async () =>
    getDistrictMap(db),
  );

  const tags = ['admin'];
  app.get('/api/admin/district-map', { config: admin, schema: { tags, summary: '区划地图（当前生效）' } }, async () => getDistrictMap(db));

  app.put(
    '/api/admin/district-map',
    {
      config: admin,
      schema: { tags, summary: '上传区划地图（multipart，字段 file：GeoJSON FeatureCollection，≤5 MB；dry_run=true 仅校验预览）', querystring: obj({ dry_run: bool() }), consumes: ['multipart/form-data'] },
    },
    async (req) => {
      if (!req.isMultipart()) throw badInput('请以 multipart/form-data 上传 GeoJSON 文件（字段 file）', 'Upload the GeoJSON file as multipart/form-data (field "file")');
      const file = await req.file({ limits: { fileSize: MAX_MAP_BYTES, files: 1 } });
      if (!file) throw badInput('未收到文件', 'No file received');
      const content = await file.toBuffer().catch((e: { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw e;
      });
      return uploadDistrictMap(db, actorOf(req), { content, fileName: file.filename || null }, (req.query as { dry_run?: boolean }).dry_run === true);
    },
  );

  app.delete('/api/admin/district-map', { config: admin, schema: { tags, summary: '恢复默认区划地图' } }, async (req) => resetDistrictMap(db, actorOf(req)));
}
