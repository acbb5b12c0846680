import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './eventBus.js';

/** A bus and the jobIds of the `log.appended` events its listeners heard, in order. */
function listenedBus(): { bus: EventBus; heard: number[]; emit: (jobId: number) => void } {
  const bus = new EventBus();
  const heard: number[] = [];
  bus.on('log.appended', ({ jobId }) => heard.push(jobId));
  return { bus, heard, emit: (jobId) => bus.emit('log.appended', { jobId, lines: [] }) };
}

describe('holding events back while a transaction runs', () => {
  it('delivers the events emitted inside only after it returns, in order, and returns its result', () => {
    const { bus, heard, emit } = listenedBus();
    const any: string[] = [];
    bus.onAny((event) => any.push(event));
    const result = bus.deferWhile(() => {
      emit(1);
      emit(2);
      emit(3);
      expect(heard).toEqual([]);
      expect(any).toEqual([]);
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(heard).toEqual([1, 2, 3]);
    expect(any).toEqual(['log.appended', 'log.appended', 'log.appended']);
    emit(4);
    expect(heard).toEqual([1, 2, 3, 4]);
  });

  it('drops the events of a function that throws, and delivers at once again afterwards', () => {
    const { bus, heard, emit } = listenedBus();
    expect(() =>
      bus.deferWhile(() => {
        emit(1);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(heard).toEqual([]);
    emit(2);
    expect(heard).toEqual([2]);
    bus.deferWhile(() => emit(3));
    expect(heard).toEqual([2, 3]);
  });

  it('holds the events of a nested call until the outermost one returns, in emit order', () => {
    const { bus, heard, emit } = listenedBus();
    bus.deferWhile(() => {
      emit(1);
      bus.deferWhile(() => emit(2));
      expect(heard).toEqual([]);
      emit(3);
    });
    expect(heard).toEqual([1, 2, 3]);
  });

  it('drops only the events of a nested call that throws (a rolled-back savepoint), keeping the others', () => {
    const { bus, heard, emit } = listenedBus();
    bus.deferWhile(() => {
      emit(1);
      try {
        bus.deferWhile(() => {
          emit(2);
          throw new Error('savepoint rolled back');
        });
      } catch {
        // The outer transaction goes on without the nested one's changes.
      }
      emit(3);
    });
    expect(heard).toEqual([1, 3]);
  });

  it('drops the nested events too when the outermost call throws', () => {
    const { bus, heard, emit } = listenedBus();
    expect(() =>
      bus.deferWhile(() => {
        bus.deferWhile(() => emit(1));
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(heard).toEqual([]);
  });

  it('still delivers to the other listeners when one fails', () => {
    const { bus, heard, emit } = listenedBus();
    bus.on('log.appended', () => {
      throw new Error('listener broke');
    });
    const after: number[] = [];
    bus.on('log.appended', ({ jobId }) => after.push(jobId));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      bus.deferWhile(() => {
        emit(1);
        emit(2);
      });
    } finally {
      quiet.mockRestore();
    }
    expect(heard).toEqual([1, 2]);
    expect(after).toEqual([1, 2]);
  });
});
