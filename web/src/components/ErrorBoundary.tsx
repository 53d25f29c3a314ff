/** Catches a page that failed to render (or a chunk that failed to load) and offers a reload. */
import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const chunk = /dynamically imported module|Failed to fetch|Loading chunk|Importing a module script failed/i.test(error.message);
    return (
      <Result
        status="error"
        title={chunk ? '页面资源加载失败' : '页面出错了'}
        subTitle={chunk ? '系统可能已更新，请刷新页面后重试。' : '请刷新页面重试；如仍有问题，请联系系统管理员。'}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
        }
      />
    );
  }
}
