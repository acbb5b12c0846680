import type { SiteContext } from './http.js';
import { bodyWithin, HttpError, requireMediaType } from './http.js';

/** The one file of a multipart form. */
export interface UploadedFile {
  /** Name of the form field, e.g. `pdf`. */
  field: string;
  /** The name the browser sent, for display only; never used as a path. */
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** A parsed `multipart/form-data` body: text fields and at most one file. */
export interface UploadForm {
  fields: Map<string, string>;
  /** Undefined when no file part was sent, or the file input was left empty. */
  file: UploadedFile | undefined;
}

/** Limits of one multipart body; anything past them is refused, never truncated. */
export interface UploadLimits {
  /** Largest file, in bytes. */
  fileBytes: number;
  /** Largest text field value, in bytes. */
  fieldBytes: number;
  /** Most parts (fields and file) in one body. */
  parts: number;
}

const DEFAULT_LIMITS: UploadLimits = { fileBytes: 5 * 1024 * 1024, fieldBytes: 1024, parts: 16 };
// Room for part headers, boundaries and text fields on top of the file itself.
const OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads a `multipart/form-data` body with `c.req.parseBody()`, within hard limits: the body may be
 * the largest file plus a little (checked before parsing), hold at most `parts` parts and one file.
 */
export async function readUpload(c: SiteContext, limits: Partial<UploadLimits> = {}): Promise<UploadForm> {
  const { fileBytes, fieldBytes, parts } = { ...DEFAULT_LIMITS, ...limits };
  requireMediaType(c, 'multipart/form-data', 'Send the form as multipart/form-data');
  if (!(await bodyWithin(c, fileBytes + OVERHEAD_BYTES))) throw new HttpError(413, `The file is larger than ${formatLimit(fileBytes)}`);
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new HttpError(400, 'The form body is not valid multipart/form-data');
  }

  const form: UploadForm = { fields: new Map(), file: undefined };
  let count = 0;
  for (const [name, sent] of Object.entries(body)) {
    for (const value of Array.isArray(sent) ? sent : [sent]) {
      if (++count > parts) throw new HttpError(400, 'The form has too many parts');
      if (typeof value === 'string') {
        if (Buffer.byteLength(value) > fieldBytes) throw new HttpError(400, `The field "${name}" is too long`);
        if (form.fields.has(name)) throw new HttpError(400, `The field "${name}" was sent twice`);
        form.fields.set(name, value);
        continue;
      }
      // An empty file input still sends a part, with no name and no content: that is "no file".
      if (value.name === '' && value.size === 0) continue;
      if (form.file) throw new HttpError(400, 'Send one file only');
      if (value.size > fileBytes) throw new HttpError(413, `The file is larger than ${formatLimit(fileBytes)}`);
      const data = Buffer.from(await value.arrayBuffer());
      form.file = { field: name, fileName: value.name, contentType: value.type || 'application/octet-stream', data };
    }
  }
  return form;
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
