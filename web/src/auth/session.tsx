/**
 * The signed-in session as the web app sees it: who am I (GET /api/auth/me), which permissions and
 * menus I have, and whether sign-in is complete (second factor passed, no forced password change).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onAuthProblem, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type AuthState =
  | { kind: 'loading' }
  | { kind: 'anonymous'; notice?: string }
  /** Password accepted, second factor (TOTP) still pending. */
  | { kind: 'second-factor'; notice?: string }
  | { kind: 'ready'; me: Me };

export interface Auth {
  state: AuthState;
  me: Me | null;
  /** True when the user holds any of the given permissions. */
  can(perm: string | readonly string[]): boolean;
  /** Reload "who am I" (after sign-in steps); returns null when signed out. */
  refresh(): Promise<Me | null>;
  /** Forget the session locally (after a 401 or idle timeout) with a notice for the login page. */
  signedOut(notice?: string): void;
  logout(notice?: string): Promise<void>;
  /** The server asked for a password change at this sign-in (kept for this browser tab). */
  mustChangePassword: boolean;
  setMustChangePassword(v: boolean): void;
}

const AuthContext = createContext<Auth | null>(null);
const MUST_CHANGE_KEY = 'gt_must_change_password';

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside <AuthProvider>');
  return a;
}

export function hasAny(me: Me | null, perm: string | readonly string[]): boolean {
  if (!me) return false;
  const wanted = typeof perm === 'string' ? [perm] : perm;
  return wanted.length === 0 || wanted.some((p) => me.permissions.includes(p));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'loading' });
  const [mustChange, setMustChange] = useState(() => sessionStorage.getItem(MUST_CHANGE_KEY) === '1');

  const setMustChangePassword = useCallback((v: boolean) => {
    if (v) sessionStorage.setItem(MUST_CHANGE_KEY, '1');
    else sessionStorage.removeItem(MUST_CHANGE_KEY);
    setMustChange(v);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<Me>('/api/auth/me', { quietAuth: true });
      setCsrfToken(me.csrf_token);
      setState(me.mfa_passed ? { kind: 'ready', me } : { kind: 'second-factor' });
      return me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken('');
        setState({ kind: 'anonymous' });
        return null;
      }
      throw e;
    }
  }, []);

  const signedOut = useCallback(
    (notice?: string) => {
      setCsrfToken('');
      setMustChangePassword(false);
      setState({ kind: 'anonymous', notice });
    },
    [setMustChangePassword],
  );

  const logout = useCallback(
    async (notice?: string) => {
      try {
        await api.post('/api/auth/logout', {}, { quietAuth: true });
      } catch {
        // already signed out on the server: nothing to do
      }
      signedOut(notice);
    },
    [signedOut],
  );

  useEffect(() => {
    refresh().catch(() => setState({ kind: 'anonymous', notice: '无法连接服务器，请稍后刷新页面重试' }));
  }, [refresh]);

  useEffect(() => {
    onAuthProblem((err) => {
      if (err.code === 'mfa_required') setState({ kind: 'second-factor', notice: err.message });
      else signedOut('会话已结束（超时或在别处退出），请重新登录');
    });
    return () => onAuthProblem(null);
  }, [signedOut]);

  const value = useMemo<Auth>(() => {
    const me = state.kind === 'ready' ? state.me : null;
    return {
      state,
      me,
      can: (perm) => hasAny(me, perm),
      refresh,
      signedOut,
      logout,
      mustChangePassword: mustChange,
      setMustChangePassword,
    };
  }, [state, refresh, signedOut, logout, mustChange, setMustChangePassword]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
