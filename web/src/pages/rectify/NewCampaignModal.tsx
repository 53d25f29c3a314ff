/** 新建专项整治: a campaign groups ledger items (e.g. 群众身边不正之风和腐败问题集中整治) for 见底清零 by campaign. */
import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';

interface CampaignValues {
  name: string;
  domain?: string;
  lead_org_id?: number;
  period?: [Dayjs | null, Dayjs | null] | null;
  description?: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function NewCampaignModal({ onClose }: { onClose: (created: boolean) => void }) {
  return (
    <FormModal<CampaignValues>
      title="新建专项整治"
      okText="新建"
      success="已新建专项整治"
      onClose={onClose}
      onSubmit={(v) =>
        api.post('/api/rectification/campaigns', {
          name: v.name.trim(),
          domain: v.domain?.trim() || null,
          lead_org_id: v.lead_org_id ?? null,
          started_on: day(v.period?.[0]),
          ends_on: day(v.period?.[1]),
          description: v.description?.trim() || null,
        })
      }
    >
      <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100 }]}>
        <Input autoFocus placeholder="如：群众身边不正之风和腐败问题集中整治" />
      </Form.Item>
      <Form.Item label="领域" name="domain" rules={[{ max: 50 }]}>
        <Input placeholder="如：校园餐饮、农村“三资”" />
      </Form.Item>
      <Form.Item label="牵头单位" name="lead_org_id">
        <OrgPicker />
      </Form.Item>
      <Form.Item label="起止日期" name="period">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="说明" name="description" rules={[{ max: 5000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
