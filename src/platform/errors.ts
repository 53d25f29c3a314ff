/**
 * The one error type the platform throws on purpose. Every error a user can see carries a
 * stable machine `code`, a Simplified-Chinese `message` and an English `messageEn`.
 * HTTP maps it to `{code, message, message_en}`; the CLI prints "message / messageEn".
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** One line for terminals and logs: "中文 / English". */
  get bilingual(): string {
    return `${this.message} / ${this.messageEn}`;
  }
}

export const notFound = (what: string, whatEn: string) =>
  new AppError('not_found', `${what}不存在`, `${whatEn} not found`, 404);

export const forbidden = (reason = '无权执行此操作', reasonEn = 'Not allowed') =>
  new AppError('forbidden', reason, reasonEn, 403);

export const conflict = (message: string, messageEn: string) =>
  new AppError('conflict', message, messageEn, 409);

export const badInput = (message: string, messageEn: string, details?: unknown) =>
  new AppError('bad_input', message, messageEn, 400, details);
