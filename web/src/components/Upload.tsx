/** Upload one file (multipart, field `file`) to a route, with the session's CSRF token. */
import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, request } from '../api/client.ts';
import { showError, showSuccess } from '../feedback.ts';

export interface Uploaded {
  id: number;
  file_name: string;
  [k: string]: unknown;
}

export function UploadButton(props: { url: string; onUploaded: (f: Uploaded) => void; label?: string; disabled?: boolean; maxBytes?: number; accept?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pick = async (file: File) => {
    if (props.maxBytes && file.size > props.maxBytes) {
      showError(new ApiError(413, { code: 'too_large', message: `文件超过 ${fmtSize(props.maxBytes)}，请压缩或拆分后上传` }));
      return;
    }
    const fd = new FormData();
    fd.append('file', file, file.name);
    setBusy(true);
    try {
      const res = await request('POST', props.url, fd);
      const f = (await res.json()) as Uploaded;
      showSuccess(`已上传“${f.file_name ?? file.name}”`);
      props.onUploaded(f);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept={props.accept}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void pick(f);
        }}
        data-testid="upload-input"
      />
      <Button icon={<UploadOutlined />} loading={busy} disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.label ?? '上传材料'}
      </Button>
    </>
  );
}

export function fmtSize(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
