import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import { toBase64 } from '../lib/base64';
import { errorMessage } from '../stores/toasts';

/** One input file the operator chose, as it uploads. */
export interface PendingUpload {
  key: number;
  name: string;
  size: number;
  /** Bytes the core has received. */
  sent: number;
  status: 'uploading' | 'done' | 'failed';
  uploadId: string | null;
  error: string | null;
}

interface Uploads {
  uploads: PendingUpload[];
  /** Starts uploading each file at once. */
  add: (files: readonly File[]) => void;
  /** Stops and throws away one file. */
  remove: (key: number) => void;
  /** Marks the finished uploads as given to a job, so leaving the form does not discard them. */
  handOver: () => void;
}

let nextKey = 1;

/**
 * Input files for the Run form: each is sent as soon as it is chosen, with `uploads.begin` then
 * `uploads.chunk` of `chunkBytes` at a time, so a large file never travels in one message. Uploads
 * left behind when the form goes away unsubmitted are discarded.
 */
export function useUploads(): Uploads {
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  // Live view for async work and the unmount cleanup, which must not read stale state.
  const live = useRef(new Map<number, { removed: boolean; uploadId: string | null }>());
  const handedOver = useRef(false);

  const update = useCallback((key: number, change: Partial<PendingUpload>) => {
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));
  }, []);

  const send = useCallback(
    async (key: number, file: File) => {
      const tracked = { removed: false, uploadId: null as string | null };
      live.current.set(key, tracked);
      try {
        const ticket = await call('uploads.begin', { name: file.name, size: file.size });
        tracked.uploadId = ticket.uploadId;
        if (tracked.removed) {
          void discard(ticket.uploadId);
          return;
        }
        if (file.size > ticket.maxBytes) {
          void discard(ticket.uploadId);
          throw new Error(`"${file.name}" is larger than the ${ticket.maxBytes} bytes an input file may have`);
        }
        update(key, { uploadId: ticket.uploadId });
        let offset = 0;
        while (offset < file.size) {
          const bytes = new Uint8Array(await file.slice(offset, offset + ticket.chunkBytes).arrayBuffer());
          if (bytes.length === 0) throw new Error(`"${file.name}" could not be read to the end`);
          if (tracked.removed) return;
          const answer = await call('uploads.chunk', { uploadId: ticket.uploadId, offset, data: toBase64(bytes) });
          offset = answer.received;
          if (tracked.removed) return;
          update(key, { sent: offset });
        }
        update(key, { status: 'done', sent: file.size });
      } catch (err) {
        if (!tracked.removed) update(key, { status: 'failed', error: errorMessage(err) });
      }
    },
    [update],
  );

  const add = useCallback(
    (files: readonly File[]) => {
      const added = files.map((file) => ({
        file,
        upload: {
          key: nextKey++,
          name: file.name,
          size: file.size,
          sent: 0,
          status: 'uploading',
          uploadId: null,
          error: null,
        } satisfies PendingUpload,
      }));
      setUploads((current) => [...current, ...added.map(({ upload }) => upload)]);
      for (const { file, upload } of added) void send(upload.key, file);
    },
    [send],
  );

  const remove = useCallback((key: number) => {
    const tracked = live.current.get(key);
    if (tracked) {
      tracked.removed = true;
      if (tracked.uploadId) void discard(tracked.uploadId);
      live.current.delete(key);
    }
    setUploads((current) => current.filter((upload) => upload.key !== key));
  }, []);

  const handOver = useCallback(() => {
    handedOver.current = true;
  }, []);

  useEffect(() => {
    const tracking = live.current;
    return () => {
      if (handedOver.current) return;
      for (const tracked of tracking.values()) {
        tracked.removed = true;
        if (tracked.uploadId) void discard(tracked.uploadId);
      }
      tracking.clear();
    };
  }, []);

  return { uploads, add, remove, handOver };
}

async function discard(uploadId: string): Promise<void> {
  try {
    await call('uploads.discard', { uploadId });
  } catch {
    // Already gone (expired, or failed on the core's side): nothing left to throw away.
  }
}
