/**
 * Idle timeout (会话超时): the server ends a session after N minutes without requests. This guard
 * keeps the server session alive while the user works, warns two minutes before the limit when
 * nobody has touched the page (in any tab of this browser), and signs out at the limit.
 */
import { Button, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, lastServerContact } from '../api/client.ts';
import { useAuth } from '../auth/session.tsx';

const SHARED_KEY = 'gt_last_activity';
const WARN_BEFORE_MS = 2 * 60_000;
/** While the user is active, touch the server at least this often. */
const KEEPALIVE_MS = 5 * 60_000;

function sharedActivity(): number {
  return Number(localStorage.getItem(SHARED_KEY)) || 0;
}

export function lastActivity(local: number): number {
  return Math.max(local, sharedActivity());
}

export function IdleGuard({ minutes }: { minutes: number }) {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const limit = minutes * 60_000;
  const local = useRef(Date.now());
  const [remaining, setRemaining] = useState<number | null>(null);
  // Kept in refs so that navigating (which renews `navigate`) does not restart the clock.
  const signOut = useRef(() => {});
  signOut.current = () => void logout('因长时间未操作，已自动退出登录，请重新登录').then(() => navigate('/login', { replace: true }));

  useEffect(() => {
    let lastWrite = 0;
    const touch = () => {
      const now = Date.now();
      local.current = now;
      if (now - lastWrite > 5_000) {
        lastWrite = now;
        localStorage.setItem(SHARED_KEY, String(now));
      }
    };
    localStorage.setItem(SHARED_KEY, String(Math.max(local.current, sharedActivity())));
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const tick = () => {
      const now = Date.now();
      const idle = now - lastActivity(local.current);
      if (idle >= limit) {
        setRemaining(null);
        signOut.current();
        return;
      }
      if (idle >= limit - WARN_BEFORE_MS) {
        setRemaining(limit - idle);
        return;
      }
      setRemaining(null);
      if (idle < 60_000 && now - lastServerContact > KEEPALIVE_MS) void api.get('/api/auth/me').catch(() => {});
    };
    const timer = window.setInterval(tick, 1_000);
    return () => {
      window.clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [limit]);

  const stay = () => {
    local.current = Date.now();
    localStorage.setItem(SHARED_KEY, String(local.current));
    setRemaining(null);
    void api.get('/api/auth/me').catch(() => {});
  };

  const secs = remaining === null ? 0 : Math.ceil(remaining / 1000);
  return (
    <Modal
      open={remaining !== null}
      title="会话即将超时"
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={[
        <Button key="out" onClick={() => void logout('您已安全退出').then(() => navigate('/login', { replace: true }))}>
          退出登录
        </Button>,
        <Button key="stay" type="primary" onClick={stay} autoFocus>
          继续使用
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        您已较长时间未操作。为保护数据安全，系统将在 <b data-testid="idle-countdown">{Math.floor(secs / 60)} 分 {String(secs % 60).padStart(2, '0')} 秒</b> 后自动退出登录。
      </Typography.Paragraph>
    </Modal>
  );
}
