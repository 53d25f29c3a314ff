/** Page frame: title row with actions, optional description, and the content card. */
import { Alert, Button, Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { errorText } from '../feedback.ts';

export function Page(props: { title: ReactNode; extra?: ReactNode; description?: ReactNode; children: ReactNode; card?: boolean }) {
  const { title, extra, description, children, card = true } = props;
  return (
    <div className="gt-page">
      <Flex justify="space-between" align="center" wrap gap={8} className="gt-page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
      </Flex>
      {description ? <Typography.Paragraph type="secondary" className="gt-page-desc">{description}</Typography.Paragraph> : null}
      {card ? <Card variant="borderless" className="gt-page-card">{children}</Card> : children}
    </div>
  );
}

/** A failed load, with the server's message and a retry button. */
export function LoadError({ error, onRetry }: { error: ApiError | unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={errorText(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>重试</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
