/** Password hashing (argon2id) and the password policy (口令策略). */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

export const PASSWORD_POLICY = {
  minLength: 10,
  /** Of: lower case, upper case, digits, symbols. */
  minClasses: 3,
  expiryDays: 90,
  historySize: 5,
  maxFailures: 5,
  lockMinutes: 10,
};

const ARGON_OPTS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON_OPTS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Throws an AppError naming what the password lacks. */
export function checkPasswordPolicy(password: string, username?: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < PASSWORD_POLICY.minLength || classes < PASSWORD_POLICY.minClasses) {
    throw new AppError(
      'weak_password',
      `口令至少 ${PASSWORD_POLICY.minLength} 位，且包含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_POLICY.minClasses} 类`,
      `Password needs at least ${PASSWORD_POLICY.minLength} characters from at least ${PASSWORD_POLICY.minClasses} of: upper case, lower case, digits, symbols`,
    );
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    throw new AppError('weak_password', '口令不能包含用户名', 'Password must not contain the user name');
  }
}
