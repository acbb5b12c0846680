/** Opens a file URL the headless server handed back, in a new tab that cannot reach this one. */
export function openUrl(url: string): void {
  window.open(url, '_blank', 'noopener');
}

/** Lets the browser download a file URL under the file's own name. */
export function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
