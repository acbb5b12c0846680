import { describe, expect, it } from 'vitest';
import { rowWindow } from './rowWindow';

describe('rowWindow', () => {
  it('while following (top null) renders the last rows on screen plus the overscan above them', () => {
    expect(rowWindow(100_000, 30, null, 20)).toEqual({ start: 100_000 - 30 - 20, end: 100_000 });
  });

  it('from a scroll position renders the rows on screen plus the overscan each way', () => {
    expect(rowWindow(1_000, 30, 400, 20)).toEqual({ start: 380, end: 450 });
  });

  it('clamps top to the first row and to the last full screen', () => {
    expect(rowWindow(1_000, 30, -5, 20)).toEqual({ start: 0, end: 50 });
    expect(rowWindow(1_000, 30, 0, 20)).toEqual({ start: 0, end: 50 });
    // Past the last full screen: the same rows as following the end.
    expect(rowWindow(1_000, 30, 990, 20)).toEqual(rowWindow(1_000, 30, null, 20));
    expect(rowWindow(1_000, 30, 970, 20)).toEqual({ start: 950, end: 1_000 });
  });

  it('renders every row of a list shorter than the screen, wherever it is scrolled', () => {
    for (const top of [null, 0, 3, 50]) expect(rowWindow(7, 30, top, 20)).toEqual({ start: 0, end: 7 });
    expect(rowWindow(35, 30, null, 2)).toEqual({ start: 3, end: 35 });
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow(0, 30, null, 20)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(0, 30, 10, 20)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(0, 0, null, 0)).toEqual({ start: 0, end: 0 });
  });
});
