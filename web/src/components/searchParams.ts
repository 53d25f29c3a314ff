/** Query-string state (filters, the record a drawer shows) that replaces the history entry rather than pushing one. */
import type { SetURLSearchParams } from 'react-router';

/** `set(key, value)`: sets the parameter, or removes it for an empty value (null, '', 0). */
export function paramSetter(setParams: SetURLSearchParams) {
  return (key: string, value: string | number | null | undefined) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (value) n.set(key, String(value));
        else n.delete(key);
        return n;
      },
      { replace: true },
    );
}
