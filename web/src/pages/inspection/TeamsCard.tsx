/** The round's teams: members by role, and (for the organising inspection staff) adding, re-assigning and removing members. */
import { Button, Card, Form, Select, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { feedback, showError, showSuccess } from '../../feedback.ts';
import { AddTeamModal } from './SetupModals.tsx';
import { CandidateSelect, MEMBER_ROLE_OPTIONS, useCandidates } from './team.tsx';

export interface Team {
  id: number;
  name: string;
  org_name: string;
  members: { user_id: number; name: string; org_name: string; role?: string; role_label: string }[];
}

function MemberModal({ roundId, team, onClose }: { roundId: number; team: Team; onClose: (ok: boolean) => void }) {
  const candidates = useCandidates();
  return (
    <FormModal<{ user_id: number; role: string }>
      title={`调整巡察组人员：${team.name}`}
      okText="保存"
      success="已调整巡察组人员"
      initialValues={{ role: 'member' }}
      onClose={onClose}
      onSubmit={(v) => api.put(`/api/inspections/rounds/${roundId}/members`, { team_id: team.id, user_id: v.user_id, role: v.role })}
    >
      <Form.Item label="职务" name="role" rules={[{ required: true }]} extra="第二副组长须由纪委监委机关或派驻纪检监察组干部担任，自动获得本组已移交线索的知悉权限。已在组内的人员再次选择即改任新职务。">
        <Select options={MEMBER_ROLE_OPTIONS} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.role !== b.role}>
        {({ getFieldValue }) => (
          <Form.Item label="人员" name="user_id" rules={[{ required: true, message: '请选择人员' }]}>
            <CandidateSelect candidates={candidates} secondDeputy={getFieldValue('role') === 'second_deputy'} style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form.Item>
    </FormModal>
  );
}

export function TeamsCard({ roundId, teams, editable, mayAdd, onChanged }: { roundId: number; teams: Team[]; editable: boolean; mayAdd: boolean; onChanged: () => void }) {
  const { modal } = feedback();
  const [editing, setEditing] = useState<Team | null>(null);
  const [adding, setAdding] = useState(false);
  const remove = (team: Team, m: Team['members'][number]) =>
    modal.confirm({
      title: `将${m.name}移出${team.name}？`,
      okText: '移出',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.put(`/api/inspections/rounds/${roundId}/members`, { team_id: team.id, user_id: m.user_id, role: null });
          showSuccess('已移出巡察组');
          onChanged();
        } catch (e) {
          showError(e);
        }
      },
    });
  return (
    <Card
      title="巡察组"
      variant="borderless"
      extra={
        mayAdd ? (
          <Button size="small" onClick={() => setAdding(true)}>
            增加巡察组
          </Button>
        ) : null
      }
    >
      {teams.map((t) => (
        <div key={t.id} style={{ marginBottom: 8 }} data-testid={`team-${t.id}`}>
          <b>{t.name}</b> <span className="gt-muted gt-small">{t.org_name}</span>
          {editable ? (
            <Button type="link" size="small" onClick={() => setEditing(t)}>
              调整人员
            </Button>
          ) : null}
          <div>
            {t.members.map((m) => (
              <Tag
                key={m.user_id}
                title={m.org_name}
                closable={editable}
                onClose={(e) => {
                  e.preventDefault();
                  remove(t, m);
                }}
              >
                {m.role_label}：{m.name}
              </Tag>
            ))}
          </div>
        </div>
      ))}
      {editing ? (
        <MemberModal
          roundId={roundId}
          team={editing}
          onClose={(ok) => {
            setEditing(null);
            if (ok) onChanged();
          }}
        />
      ) : null}
      {adding ? (
        <AddTeamModal
          roundId={roundId}
          onClose={(ok) => {
            setAdding(false);
            if (ok) onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}
