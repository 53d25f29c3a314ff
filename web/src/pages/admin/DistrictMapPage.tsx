/**
 * 区划地图 (系统管理): the district boundaries the dashboard draws. The administrator chooses a
 * GeoJSON file (FeatureCollection, Polygon/MultiPolygon, properties.name = district name as in the
 * data, ≤ 5 MB); the server validates it and returns a preview, which is saved only on
 * confirmation. "恢复默认" removes the upload (the demo city then shows its schematic).
 */
import { DeleteOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Descriptions, Empty, Popconfirm, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, request } from '../../api/client.ts';
import { useAuth } from '../../auth/session.tsx';
import { fmtSize } from '../../components/Upload.tsx';
import { LoadError, Page } from '../../components/Page.tsx';
import { showError, showSuccess } from '../../feedback.ts';
import { type GeoFeatureCollection, GeoMap, type MapSummary, type MapView, invalidateDistrictMap } from '../dashboard/DistrictMap.tsx';

const MAX_BYTES = 5 * 1024 * 1024;
const URL_ = '/api/admin/district-map';

interface Preview {
  file: File;
  summary: MapSummary;
  warnings: string[];
  geojson: GeoFeatureCollection;
}

/** Districts the data knows are coloured; the map's other areas stay grey. */
function previewData(names: string[], districts: string[]) {
  return names.map((n) => ({ name: n, value: null, color: districts.includes(n) ? '#f3a59a' : undefined }));
}

function SummaryBlock({ s, districts }: { s: MapSummary; districts: string[] }) {
  const missing = districts.filter((d) => !s.names.includes(d));
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="区域数">{s.features}</Descriptions.Item>
      <Descriptions.Item label="区域名称">
        {s.names.map((n) => (
          <Tag key={n} color={districts.includes(n) ? 'red' : undefined}>
            {n}
          </Tag>
        ))}
      </Descriptions.Item>
      {missing.length ? <Descriptions.Item label="地图缺少的区县">{missing.join('、')}</Descriptions.Item> : null}
      <Descriptions.Item label="坐标点数">{s.positions.toLocaleString('zh-CN')}</Descriptions.Item>
      <Descriptions.Item label="经纬度范围">
        经度 {s.bbox[0]} ~ {s.bbox[2]}，纬度 {s.bbox[1]} ~ {s.bbox[3]}
      </Descriptions.Item>
      <Descriptions.Item label="大小">{fmtSize(s.bytes)}</Descriptions.Item>
    </Descriptions>
  );
}

export default function DistrictMapPage() {
  const { can } = useAuth();
  const editable = can('admin:settings');
  const [view, setView] = useState<MapView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | 'reset' | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setView(await api.get<MapView>(URL_));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (file: File, dryRun: boolean) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    const res = await request('PUT', URL_, fd, { query: { dry_run: dryRun ? true : undefined } });
    return (await res.json()) as { saved: boolean; summary: MapSummary; warnings: string[]; geojson?: GeoFeatureCollection };
  };

  const pick = async (file: File) => {
    if (file.size > MAX_BYTES) {
      showError(new ApiError(413, { code: 'too_large', message: `文件超过 ${fmtSize(MAX_BYTES)}，请简化边界后再上传` }));
      return;
    }
    setBusy('check');
    try {
      const r = await send(file, true);
      if (r.geojson) setPreview({ file, summary: r.summary, warnings: r.warnings, geojson: r.geojson });
    } catch (e) {
      setPreview(null);
      showError(e);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  const save = async () => {
    if (!preview) return;
    setBusy('save');
    try {
      await send(preview.file, false);
      showSuccess('区划地图已保存，驾驶舱将使用新地图');
      setPreview(null);
      invalidateDistrictMap();
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const reset = async () => {
    setBusy('reset');
    try {
      const r = await api.del<{ reset: boolean }>(URL_);
      showSuccess(r.reset ? '已恢复默认区划地图' : '当前已是默认地图');
      invalidateDistrictMap();
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const districts = view?.districts ?? [];
  return (
    <Page
      title="区划地图"
      description="驾驶舱“各区县”地图使用的区县边界。请上传本市的 GeoJSON 文件（FeatureCollection，几何类型为 Polygon / MultiPolygon，经纬度坐标，每个区域的 properties.name 为数据中使用的区县名称，如“东城区”；不超过 5 MB）。上传后先预览，确认后保存。"
      extra={
        editable ? (
          <>
            <input
              ref={input}
              type="file"
              hidden
              accept=".geojson,.json,application/geo+json,application/json"
              data-testid="district-map-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void pick(f);
              }}
            />
            <Button type="primary" icon={<UploadOutlined />} loading={busy === 'check'} onClick={() => input.current?.click()}>
              选择 GeoJSON 文件
            </Button>
            <Popconfirm title="恢复默认区划地图？" description="将删除已上传的地图。" okText="恢复默认" cancelText="取消" onConfirm={() => void reset()} disabled={view?.source !== 'uploaded'}>
              <Button icon={<DeleteOutlined />} loading={busy === 'reset'} disabled={view?.source !== 'uploaded'}>
                恢复默认
              </Button>
            </Popconfirm>
          </>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={() => void load()} /> : null}
      {!view && !error ? <Skeleton active /> : null}
      {preview ? (
        <Alert
          type={preview.warnings.length ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={`预览：${preview.file.name}（尚未保存）`}
          description={
            preview.warnings.length ? (
              <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                {preview.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : (
              '校验通过，区域名称与数据中的区县一致。'
            )
          }
          action={
            <Space orientation="vertical">
              <Button type="primary" size="small" icon={<SaveOutlined />} loading={busy === 'save'} onClick={() => void save()}>
                保存并启用
              </Button>
              <Button size="small" onClick={() => setPreview(null)}>
                取消
              </Button>
            </Space>
          }
        />
      ) : null}
      {preview ? (
        <Row gutter={16}>
          <Col span={14}>
            <GeoMap geojson={preview.geojson} hash={preview.summary.sm3} data={previewData(preview.summary.names, districts)} scale={false} label={`预览：${preview.summary.names.join('、')}`} testId="district-map-preview" />
          </Col>
          <Col span={10}>
            <SummaryBlock s={preview.summary} districts={districts} />
          </Col>
        </Row>
      ) : view ? (
        view.geojson && view.summary ? (
          <Row gutter={16}>
            <Col span={14}>
              <GeoMap geojson={view.geojson} hash={view.summary.sm3} data={previewData(view.summary.names, districts)} scale={false} label={`当前区划地图：${view.summary.names.join('、')}`} testId="district-map-current" />
            </Col>
            <Col span={10}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {view.source === 'uploaded' ? (
                  <Typography.Text>
                    <Tag color="blue">已上传</Tag>
                    {view.file_name}，{view.updated_by} 于 {view.updated_at ? new Date(view.updated_at).toLocaleString('zh-CN') : '—'} 上传
                  </Typography.Text>
                ) : (
                  <Typography.Text>
                    <Tag color="orange">示意图</Tag>
                    默认：{view.name}（非真实行政区划边界）。正式部署请上传本市区划 GeoJSON。
                  </Typography.Text>
                )}
                <SummaryBlock s={view.summary} districts={districts} />
              </Space>
            </Col>
          </Row>
        ) : (
          <Empty description="尚未配置区划地图：驾驶舱只显示各区县表格。请上传本市区划 GeoJSON。" />
        )
      ) : null}
    </Page>
  );
}
