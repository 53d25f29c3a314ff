/**
 * App-wide feedback (toasts, confirmations) bound to antd's <App> context, so messages follow
 * the theme and locale. `showError` prints the server's Chinese message.
 */
import type { App } from 'antd';
import { ApiError } from './api/client.ts';

type useAppProps = ReturnType<typeof App.useApp>;

let holder: useAppProps | null = null;

export function bindFeedback(app: useAppProps): void {
  holder = app;
}

export function feedback(): useAppProps {
  if (!holder) throw new Error('feedback used before <App> mounted');
  return holder;
}

/** The Chinese text of an error, with the request id for server faults (to quote to the operators). */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    return e.status >= 500 && e.requestId ? `${e.message}（请求编号：${e.requestId}）` : e.message;
  }
  if (e instanceof Error && e.name === 'AbortError') return '';
  return '操作失败，请稍后重试';
}

export function showError(e: unknown): void {
  const text = errorText(e);
  if (!text) return;
  if (holder) holder.message.error(text);
  else console.error(e);
}

export function showSuccess(text: string): void {
  holder?.message.success(text);
}
