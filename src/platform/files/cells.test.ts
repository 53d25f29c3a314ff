import { describe, expect, it } from 'vitest';
import { cellToText, formatWallClock, isBlankCell, numberToText, wallClock } from './cells.ts';

describe('cells', () => {
  it('numberToText shows numbers as a spreadsheet does (15 significant digits)', () => {
    expect(numberToText(0.1 + 0.2)).toBe('0.3');
    expect(numberToText(12345.6)).toBe('12345.6');
    expect(numberToText(110105491231002)).toBe('110105491231002');
    expect(numberToText(2 ** 60)).toBe('1152921504606846976');
    expect(numberToText(1e-7)).toBe('0.0000001');
    expect(numberToText(-1.5e-10)).toBe('-0.00000000015');
    expect(numberToText(1 / 3)).toBe('0.333333333333333');
  });

  it('wall-clock dates use the UTC fields', () => {
    const d = wallClock(2024, 3, 15, 10, 30, 5);
    expect(d.toISOString()).toBe('2024-03-15T10:30:05.000Z');
    expect(formatWallClock(d)).toBe('2024-03-15 10:30:05');
    expect(formatWallClock(wallClock(2024, 3, 15))).toBe('2024-03-15');
  });

  it('cellToText and isBlankCell', () => {
    expect(cellToText('  a b  ')).toBe('a b');
    expect(cellToText(null)).toBe('');
    expect(cellToText(true)).toBe('TRUE');
    for (const blank of [null, undefined, '', '   ', '\t', '\u3000']) expect(isBlankCell(blank)).toBe(true);
    for (const value of ['a', ' a', 0, false, wallClock(2024, 1, 1)]) expect(isBlankCell(value)).toBe(false);
  });
});
