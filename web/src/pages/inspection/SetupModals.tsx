/** Before 进驻: send one more team (巡察组) or add a target (被巡察单位) with its dispatched group. */
import { Form, Input, Select } from 'antd';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { MembersField } from './NewRoundModal.tsx';
import { useCandidates } from './team.tsx';

export function AddTeamModal({ roundId, onClose }: { roundId: number; onClose: (ok: boolean) => void }) {
  const candidates = useCandidates();
  return (
    <FormModal<{ org_id: number; members: { user_id: number; role: string }[] }>
      title="增加巡察组"
      okText="增加"
      width={640}
      success="已增加巡察组"
      initialValues={{ members: [{ role: 'leader' } as { user_id: number; role: string }] }}
      onClose={onClose}
      onSubmit={(v) => api.post(`/api/inspections/rounds/${roundId}/teams`, { org_id: v.org_id, members: v.members.map((m) => ({ user_id: m.user_id, role: m.role })) })}
    >
      <Form.Item label="巡察组" name="org_id" rules={[{ required: true, message: '请选择巡察组' }]}>
        <OrgPicker kinds={['inspection']} />
      </Form.Item>
      <div style={{ marginBottom: 8 }}>人员</div>
      <MembersField
        name={['members']}
        path={['members']}
        label="新巡察组"
        candidates={candidates}
        rules={[{ validator: async (_r, ms?: { role?: string }[]) => { if (!ms?.some((m) => m?.role === 'leader')) throw new Error('巡察组须有组长'); } }]}
      />
    </FormModal>
  );
}

export function AddTargetModal({ roundId, teams, onClose }: { roundId: number; teams: { id: number; name: string }[]; onClose: (ok: boolean) => void }) {
  return (
    <FormModal<{ org_id: number; team_id: number; supervising_org_id: number; party_org_name?: string }>
      title="增加被巡察单位"
      okText="增加"
      success="已增加被巡察单位"
      initialValues={{ team_id: teams.length === 1 ? teams[0].id : undefined }}
      onClose={onClose}
      onSubmit={(v) =>
        api.post(`/api/inspections/rounds/${roundId}/targets`, {
          org_id: v.org_id,
          team_id: v.team_id,
          supervising_org_id: v.supervising_org_id,
          ...(v.party_org_name?.trim() ? { party_org_name: v.party_org_name.trim() } : {}),
        })
      }
    >
      <Form.Item label="被巡察单位" name="org_id" rules={[{ required: true, message: '请选择被巡察单位' }]}>
        <OrgPicker />
      </Form.Item>
      <Form.Item label="党组织名称" name="party_org_name" rules={[{ max: 200 }]} extra="不填则为“中共＋单位名称＋党组”">
        <Input />
      </Form.Item>
      <Form.Item label="派出的巡察组" name="team_id" rules={[{ required: true, message: '请选择巡察组' }]}>
        <Select options={teams.map((t) => ({ value: t.id, label: t.name }))} />
      </Form.Item>
      <Form.Item label="派驻纪检监察组" name="supervising_org_id" rules={[{ required: true, message: '请选择派驻纪检监察组' }]} extra="负责巡前“画像”和巡后整改督促">
        <OrgPicker kinds={['commission', 'office', 'dispatched_group']} />
      </Form.Item>
    </FormModal>
  );
}
