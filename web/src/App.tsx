/**
 * The application shell: antd in Simplified Chinese, the session, and the top-level routes.
 * The login page and the signed-in shell (layout + registry of pages) are separate lazy chunks,
 * so the login page loads only what it needs.
 */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth/session.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { bindFeedback } from './feedback.ts';
import { theme } from './theme.ts';

// antd's locale file is ESM at run time but typed as CommonJS under NodeNext resolution.
const zhCN = ((zhCNModule as unknown as { default?: Locale }).default ?? zhCNModule) as Locale;

const LoginPage = lazy(() => import('./auth/LoginPage.tsx'));
const Shell = lazy(() => import('./layout/Shell.tsx'));
const PublicSupervisedPage = lazy(() => import('./pages/hotline/PublicSupervisedPage.tsx'));

export function FullPageSpin() {
  return (
    <div className="gt-fullpage-spin" role="status" aria-live="polite">
      <Spin size="large" />
      <span className="gt-visually-hidden">正在加载…</span>
    </div>
  );
}

function FeedbackBinder() {
  const app = AntApp.useApp();
  useEffect(() => bindFeedback(app), [app]);
  return null;
}

/** Signed-in pages: anyone not fully signed in goes to the login page (which resumes the right step). */
function RequireAuth({ children }: { children: ReactNode }) {
  const { state, mustChangePassword } = useAuth();
  const location = useLocation();
  if (state.kind === 'loading') return <FullPageSpin />;
  if (state.kind !== 'ready' || mustChangePassword) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return <>{children}</>;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <FeedbackBinder />
        <ErrorBoundary>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<FullPageSpin />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/public/hotline" element={<PublicSupervisedPage />} />
                  <Route
                    path="/*"
                    element={
                      <RequireAuth>
                        <Shell />
                      </RequireAuth>
                    }
                  />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}
