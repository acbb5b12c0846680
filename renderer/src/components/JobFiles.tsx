import type { JobFile } from '../../../electron/common/domain';
import type { FileAction } from '../../../electron/common/contract';
import { call } from '../api/client';
import { formatSize } from '../format/size';
import { downloadUrl, openUrl } from '../lib/browserFiles';
import { showError, showInfo } from '../stores/toasts';

const KIND_GROUPS: readonly { kind: JobFile['kind']; title: string }[] = [
  { kind: 'input', title: 'Input files' },
  { kind: 'output', title: 'Output files' },
  { kind: 'evidence', title: 'Evidence' },
];

/** What a job took or made, grouped by kind (input, output, evidence), each with Open and Save. */
export function JobFiles({ files }: { files: readonly JobFile[] }) {
  if (files.length === 0) return <p className="muted small">No files.</p>;
  return (
    <table className="files-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th className="numeric">Size</th>
          <th />
        </tr>
      </thead>
      {KIND_GROUPS.map(({ kind, title }) => {
        const group = files.filter((file) => file.kind === kind);
        return group.length === 0 ? null : <FileGroup key={kind} title={title} files={group} />;
      })}
    </table>
  );
}

function FileGroup({ title, files }: { title: string; files: readonly JobFile[] }) {
  return (
    <tbody data-testid={`job-files-${files[0]?.kind ?? 'none'}`}>
      <tr className="files-group">
        <th colSpan={4} scope="rowgroup">
          {title} <span className="muted">({files.length})</span>
        </th>
      </tr>
        {files.map((file) => (
          <tr key={file.id} data-testid="job-file">
            <td className="file-name" title={file.name}>
              {file.name}
            </td>
            <td>
              <span className={`tag tag-${file.kind}`}>{file.kind}</span>
            </td>
            <td className="numeric nowrap">{formatSize(file.size)}</td>
            <td className="actions">
              <button type="button" className="button small" onClick={() => void openFile(file)}>
                Open
              </button>
              <button type="button" className="button small" onClick={() => void saveFile(file)}>
                Save
              </button>
            </td>
          </tr>
        ))}
    </tbody>
  );
}

/** Opens a job file: the shell opens it itself, or hands back a URL the browser opens. */
export async function openFile(file: JobFile): Promise<void> {
  try {
    const action = await call('files.open', { fileId: file.id });
    if (action.url) openUrl(action.url);
    reportSaved(action);
  } catch (err) {
    showError(err, `Could not open ${file.name}`);
  }
}

/** Saves a job file: the shell asks where, or hands back a URL the browser downloads. */
export async function saveFile(file: JobFile): Promise<void> {
  try {
    const action = await call('files.save', { fileId: file.id });
    if (action.url) downloadUrl(action.url, file.name);
    reportSaved(action);
  } catch (err) {
    showError(err, `Could not save ${file.name}`);
  }
}

function reportSaved(action: FileAction): void {
  if (action.savedTo) showInfo(`Saved to ${action.savedTo}`);
}
