/** Bytes encoded per `btoa` call: a multiple of 3, so the pieces join into one valid base64 string. */
const PIECE_BYTES = 3 * 8_192;

/**
 * Base64 of a buffer of any size. Converts a slice at a time, so it never spreads a large
 * buffer into function arguments (which overflows the stack) nor builds one huge binary string.
 */
export function toBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const slice = bytes.subarray(start, start + PIECE_BYTES);
    let binary = '';
    for (let index = 0; index < slice.length; index++) binary += String.fromCharCode(slice[index] ?? 0);
    pieces.push(btoa(binary));
  }
  return pieces.join('');
}
