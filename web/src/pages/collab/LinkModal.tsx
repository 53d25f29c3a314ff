/**
 * 关联成果: link an existing clue, ledger item or accountability decision to what produced it — a
 * priority-list item, a campaign or one of its tasks, a 问政 issue (POST /api/collab/links). The
 * server checks that the record exists and that the user may see it.
 */
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';

export type LinkOwner = 'priority_item' | 'campaign' | 'campaign_task' | 'wz_issue';

const OBJECTS = [
  { value: 'clue', label: '问题线索' },
  { value: 'rect_item', label: '整改事项' },
  { value: 'account_decision', label: '问责/处分决定' },
];

/** A stored link (collab_links) as the detail endpoints return it. */
export interface LinkedRecord {
  id: number;
  object_type: 'clue' | 'rect_item' | 'account_decision';
  object_id: number;
}

const LINK_LABELS: Record<string, string> = { clue: '线索', rect_item: '问题', account_decision: '问责' };
const LINK_PATHS: Record<string, string> = { clue: '/clues/', rect_item: '/rectify/items/', account_decision: '/account/decisions?open=' };

/** The linked records of one owner, each a link to its page, numbered per kind (线索1 线索2 问题1 …). */
export function LinkedRecords({ links }: { links: LinkedRecord[] }) {
  if (!links.length) return <span className="gt-muted">—</span>;
  const seen: Record<string, number> = {};
  return (
    <Space size={4} wrap>
      {links.map((l) => {
        seen[l.object_type] = (seen[l.object_type] ?? 0) + 1;
        return (
          <Link key={l.id} to={`${LINK_PATHS[l.object_type]}${l.object_id}`}>
            {LINK_LABELS[l.object_type]}
            {seen[l.object_type]}
          </Link>
        );
      })}
    </Space>
  );
}

interface LinkValues {
  object_type: string;
  object_id: number;
  note?: string;
}

export function LinkModal({ owner, ownerId, title, onClose }: { owner: LinkOwner; ownerId: number; title: string; onClose: (linked: boolean) => void }) {
  return (
    <FormModal<LinkValues>
      title={`关联成果：${title}`}
      okText="关联"
      success="已关联"
      initialValues={{ object_type: 'clue' }}
      onClose={onClose}
      onSubmit={(v) =>
        api.post('/api/collab/links', { owner_type: owner, owner_id: ownerId, object_type: v.object_type, object_id: v.object_id, note: v.note?.trim() || null })
      }
    >
      <Form.Item label="类型" name="object_type" rules={[{ required: true }]}>
        <Select options={OBJECTS} />
      </Form.Item>
      <Form.Item label="编号（id）" name="object_id" rules={[{ required: true, message: '请填写编号' }]} extra="线索、整改事项或决定详情页地址中的数字编号">
        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="说明" name="note" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
