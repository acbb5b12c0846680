import type { IncomingMessage } from 'node:http';
import { HttpError } from './http.js';

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
export interface MultipartForm {
  fields: Map<string, string>;
  /** Undefined when no file part was sent, or the file input was left empty. */
  file: UploadedFile | undefined;
}

/** Limits of one multipart body; anything past them is refused, never truncated. */
export interface MultipartLimits {
  /** Largest file, in bytes. */
  fileBytes: number;
  /** Largest text field value, in bytes. */
  fieldBytes: number;
  /** Most parts (fields and file) in one body. */
  parts: number;
}

const DEFAULT_LIMITS: MultipartLimits = { fileBytes: 5 * 1024 * 1024, fieldBytes: 1024, parts: 16 };
// Room for part headers, boundaries and text fields on top of the file itself.
const OVERHEAD_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_PART_HEADER_BYTES = 2048;

/**
 * Reads and parses a `multipart/form-data` request body held in memory, with hard limits: the
 * body may be the largest file plus a little, hold at most `parts` parts and a single file.
 */
export async function readMultipart(request: IncomingMessage, limits: Partial<MultipartLimits> = {}): Promise<MultipartForm> {
  const { fileBytes, fieldBytes, parts } = { ...DEFAULT_LIMITS, ...limits };
  const boundary = boundaryOf(request.headers['content-type'] ?? '');
  const body = await readBody(request, fileBytes + OVERHEAD_BYTES);
  if (!body) throw new HttpError(413, `The file is larger than ${formatLimit(fileBytes)}`);

  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A CRLF in front lets the first boundary be found like every later one.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  let position = data.indexOf(delimiter);
  if (position < 0) throw new HttpError(400, 'The form body has no parts');
  const form: MultipartForm = { fields: new Map(), file: undefined };
  let count = 0;
  for (;;) {
    position += delimiter.length;
    if (data.subarray(position, position + 2).toString('latin1') === '--') return form;
    if (data.subarray(position, position + 2).toString('latin1') !== '\r\n') throw new HttpError(400, 'Malformed multipart boundary');
    const headerEnd = data.indexOf(HEADER_END, position);
    if (headerEnd < 0 || headerEnd - position > MAX_PART_HEADER_BYTES) throw new HttpError(400, 'Malformed multipart part headers');
    const headers = parseHeaders(data.subarray(position + 2, headerEnd).toString('utf8'));
    const next = data.indexOf(delimiter, headerEnd + HEADER_END.length);
    if (next < 0) throw new HttpError(400, 'The form body ends in the middle of a part');
    if (++count > parts) throw new HttpError(400, 'The form has too many parts');
    addPart(form, headers, data.subarray(headerEnd + HEADER_END.length, next), fileBytes, fieldBytes);
    position = next;
  }
}

function addPart(form: MultipartForm, headers: Map<string, string>, content: Buffer, fileBytes: number, fieldBytes: number): void {
  const disposition = parseParameters(headers.get('content-disposition') ?? '');
  const name = disposition.get('name');
  if (disposition.get('') !== 'form-data' || !name) throw new HttpError(400, 'A form part has no field name');
  const fileName = disposition.get('filename');
  if (fileName === undefined) {
    if (content.length > fieldBytes) throw new HttpError(400, `The field "${name}" is too long`);
    if (form.fields.has(name)) throw new HttpError(400, `The field "${name}" was sent twice`);
    form.fields.set(name, content.toString('utf8'));
    return;
  }
  // An empty file input still sends a part, with no name and no content: that is "no file".
  if (fileName === '' && content.length === 0) return;
  if (form.file) throw new HttpError(400, 'Send one file only');
  if (content.length > fileBytes) throw new HttpError(413, `The file is larger than ${formatLimit(fileBytes)}`);
  form.file = { field: name, fileName, contentType: headers.get('content-type') ?? 'application/octet-stream', data: content };
}

function boundaryOf(contentType: string): string {
  const parameters = parseParameters(contentType);
  if (parameters.get('')?.toLowerCase() !== 'multipart/form-data') throw new HttpError(415, 'Send the form as multipart/form-data');
  const boundary = parameters.get('boundary') ?? '';
  // RFC 2046: 1 to 70 characters from a small set.
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) throw new HttpError(400, 'Bad multipart boundary');
  return boundary;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpError(400, 'Malformed multipart part header');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** `form-data; name="pdf"; filename="a.pdf"` → '' => 'form-data', name => 'pdf', filename => 'a.pdf'. */
function parseParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const semicolon = value.indexOf(';');
  parameters.set('', (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase());
  const pattern = /;\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = match[1]?.toLowerCase();
    if (!key || parameters.has(key)) continue;
    parameters.set(key, match[2] === undefined ? (match[3] ?? '') : match[2].replace(/\\(.)/g, '$1'));
  }
  return parameters;
}

/** The whole body, or undefined when it is larger than `limitBytes`. */
async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = declared > limitBytes;
  // The rest of a too-large body is read and dropped (up to a cap) so the browser gets to see the
  // answer; a client that sends much more has its connection cut.
  const drainCap = limitBytes * 4;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > drainCap) {
      request.destroy();
      break;
    }
    if (size > limitBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
