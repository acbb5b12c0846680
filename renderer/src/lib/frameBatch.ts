/**
 * Collects items and hands them over once per animation frame, so a burst of events costs one
 * store update and one render instead of one each.
 */
export function batchPerFrame<T>(flush: (items: T[]) => void): (item: T) => void {
  let items: T[] = [];
  let requested = false;
  return function add(item: T): void {
    items.push(item);
    if (requested) return;
    requested = true;
    requestAnimationFrame(() => {
      requested = false;
      const batch = items;
      items = [];
      flush(batch);
    });
  };
}
