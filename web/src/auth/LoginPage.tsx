/**
 * Sign-in: user name + password → (if required) the TOTP code, or first-time TOTP enrolment
 * (secret, otpauth URI and QR code) → (if required) a forced password change → the app.
 * A reload in the middle resumes at the pending step (the session knows the second factor is due).
 */
import { KeyOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, QRCode, Steps, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { LoginReply } from '../api/types.ts';
import { errorText } from '../feedback.ts';
import { passwordProblem } from '../format.ts';
import { useAuth } from './session.tsx';

type Step = 'password' | 'totp' | 'enrol' | 'change';

interface Enrolment {
  secret: string;
  otpauth_uri: string;
}

const CODE_RULES = [
  { required: true, message: '请输入 6 位动态口令' },
  { pattern: /^\d{6}$/, message: '动态口令为 6 位数字' },
];

export default function LoginPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [step, setStep] = useState<Step>(auth.state.kind === 'second-factor' ? 'totp' : auth.mustChangePassword ? 'change' : 'password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [username, setUsername] = useState('');
  const passwordRef = useRef<string | null>(null);
  const mustChangeRef = useRef(auth.mustChangePassword);
  const [codeForm] = Form.useForm();
  const [enrolForm] = Form.useForm();

  // The session changed under us (a 401 elsewhere: signed out, or second factor pending): follow it.
  const seenKind = useRef(auth.state.kind);
  useEffect(() => {
    const kind = auth.state.kind;
    if (kind === seenKind.current) return;
    seenKind.current = kind;
    if (kind === 'second-factor') setStep((s) => (s === 'password' ? 'totp' : s));
    if (kind === 'anonymous') setStep('password');
  }, [auth.state.kind]);

  if (auth.state.kind === 'ready' && !auth.mustChangePassword && !busy) {
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  const notice = auth.state.kind === 'anonymous' || auth.state.kind === 'second-factor' ? auth.state.notice : undefined;

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  /** All steps done: load who-am-I and enter the app. */
  async function finish() {
    auth.setMustChangePassword(false);
    passwordRef.current = null;
    const me = await auth.refresh();
    if (!me) throw new ApiError(401, { code: 'unauthenticated', message: '登录未完成，请重新登录' });
  }

  async function afterSecondFactor() {
    if (mustChangeRef.current) {
      auth.setMustChangePassword(true);
      setStep('change');
    } else await finish();
  }

  async function startEnrolment() {
    try {
      const r = await api.post<Enrolment>('/api/auth/totp/setup', {}, { quietAuth: true });
      setEnrolment(r);
      setStep('enrol');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_already_enrolled') {
        setStep('totp');
        return;
      }
      throw e;
    }
  }

  const onPassword = (v: { username: string; password: string }) =>
    run(async () => {
      const r = await api.post<LoginReply>('/api/auth/login', { username: v.username.trim(), password: v.password }, { quietAuth: true });
      setCsrfToken(r.csrf_token);
      setUsername(v.username.trim());
      passwordRef.current = v.password;
      mustChangeRef.current = r.must_change_password;
      if (r.mfa_required) {
        if (r.mfa_enrolled) setStep('totp');
        else await startEnrolment();
        return;
      }
      await afterSecondFactor();
    });

  const onCode = (v: { code: string }) =>
    run(async () => {
      try {
        await api.post('/api/auth/totp/verify', { code: v.code }, { quietAuth: true });
      } catch (e) {
        codeForm.resetFields();
        if (e instanceof ApiError && e.code === 'totp_not_enrolled') {
          await startEnrolment();
          return;
        }
        if (e instanceof ApiError && e.code === 'unauthenticated') {
          auth.signedOut(e.message);
          setStep('password');
        }
        throw e;
      }
      await afterSecondFactor();
    });

  const onEnrol = (v: { code: string }) =>
    run(async () => {
      try {
        await api.post('/api/auth/totp/enable', { code: v.code }, { quietAuth: true });
      } catch (e) {
        enrolForm.resetFields();
        throw e;
      }
      await afterSecondFactor();
    });

  const onChange = (v: { old_password?: string; new_password: string }) =>
    run(async () => {
      await api.post('/api/auth/password', { old_password: v.old_password ?? passwordRef.current ?? '', new_password: v.new_password }, { quietAuth: true });
      await finish();
    });

  const restart = () =>
    run(async () => {
      await auth.logout();
      passwordRef.current = null;
      setEnrolment(null);
      setStep('password');
    });

  const stepIndex = { password: 0, totp: 1, enrol: 1, change: 2 }[step];

  return (
    <main className="gt-login">
      <section className="gt-login-brand" aria-label="平台简介">
        <div className="gt-login-logo" aria-hidden>
          贯
        </div>
        <h1>贯通 · 监督贯通协同平台</h1>
        <p>整合数据 · 发现问题 · 移交处置 · 整改问责 · 闭环管理</p>
        <p className="gt-login-sub">纪检监察专网 · 仅限授权人员使用 · 操作全程留痕</p>
      </section>
      <Card className="gt-login-card" title={<span className="gt-login-title">用户登录</span>}>
        <Steps
          size="small"
          current={stepIndex}
          className="gt-login-steps"
          items={[{ title: '账号口令' }, { title: '动态口令' }, { title: '修改口令' }]}
        />
        {notice && !error ? <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}

        {step === 'password' && (
          <Form layout="vertical" onFinish={onPassword} requiredMark={false} disabled={busy} name="login">
            <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label="口令" name="password" rules={[{ required: true, message: '请输入口令' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              登录
            </Button>
          </Form>
        )}

        {step === 'totp' && (
          <Form form={codeForm} layout="vertical" onFinish={onCode} requiredMark={false} disabled={busy} name="totp">
            <Typography.Paragraph type="secondary">请打开认证器 App，输入“贯通监督平台”账号当前显示的 6 位动态口令。</Typography.Paragraph>
            <Form.Item label="动态口令" name="code" rules={CODE_RULES}>
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                size="large"
                className="gt-code-input"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              验证
            </Button>
            <Button type="link" block onClick={restart} disabled={busy}>
              返回重新登录
            </Button>
          </Form>
        )}

        {step === 'enrol' && enrolment && (
          <Form form={enrolForm} layout="vertical" onFinish={onEnrol} requiredMark={false} disabled={busy} name="enrol">
            <Alert type="info" showIcon title="首次登录需绑定动态口令" description="本账号须使用动态口令（双因素认证）。请用认证器 App 扫描二维码，或手动输入密钥，然后输入 App 显示的 6 位口令完成绑定。" style={{ marginBottom: 12 }} />
            <div className="gt-enrol">
              <QRCode value={enrolment.otpauth_uri} size={148} bordered={false} aria-label="认证器绑定二维码" />
              <div className="gt-enrol-text">
                <Typography.Text type="secondary">密钥（Base32）</Typography.Text>
                <Typography.Paragraph copyable={{ text: enrolment.secret, tooltips: ['复制', '已复制'] }} code className="gt-secret" data-testid="totp-secret">
                  {enrolment.secret}
                </Typography.Paragraph>
                <Typography.Text type="secondary">绑定地址（otpauth URI）</Typography.Text>
                <Typography.Paragraph copyable={{ tooltips: ['复制', '已复制'] }} className="gt-uri" ellipsis={{ rows: 2, tooltip: enrolment.otpauth_uri }}>
                  {enrolment.otpauth_uri}
                </Typography.Paragraph>
              </div>
            </div>
            <Form.Item label="动态口令" name="code" rules={CODE_RULES}>
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus size="large" className="gt-code-input" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              完成绑定
            </Button>
            <Button type="link" block onClick={restart} disabled={busy}>
              返回重新登录
            </Button>
          </Form>
        )}

        {step === 'change' && (
          <Form layout="vertical" onFinish={onChange} requiredMark={false} disabled={busy} name="change-password">
            <Alert type="warning" showIcon title="请先修改口令" description="口令已过期或由管理员重置，须设置新口令后才能继续使用。" style={{ marginBottom: 12 }} />
            {passwordRef.current === null && (
              <Form.Item label="原口令" name="old_password" rules={[{ required: true, message: '请输入原口令' }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
              </Form.Item>
            )}
            <Form.Item
              label="新口令"
              name="new_password"
              extra="至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类，不能包含用户名，不能与最近 5 次相同"
              rules={[
                { required: true, message: '请输入新口令' },
                {
                  validator: (_r, v: string) => {
                    const p = v ? passwordProblem(v, username || auth.me?.username) : null;
                    return p ? Promise.reject(new Error(p)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input.Password prefix={<KeyOutlined />} autoComplete="new-password" autoFocus={passwordRef.current !== null} />
            </Form.Item>
            <Form.Item
              label="确认新口令"
              name="confirm"
              dependencies={['new_password']}
              rules={[
                { required: true, message: '请再次输入新口令' },
                ({ getFieldValue }) => ({
                  validator: (_r, v: string) => (!v || v === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error('两次输入的口令不一致'))),
                }),
              ]}
            >
              <Input.Password prefix={<KeyOutlined />} autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              修改并进入系统
            </Button>
            <Button type="link" block onClick={restart} disabled={busy}>
              返回重新登录
            </Button>
          </Form>
        )}
      </Card>
      <footer className="gt-login-footer">示范市纪委监委 · 贯通平台 · 建议使用 1366×768 及以上分辨率</footer>
    </main>
  );
}
