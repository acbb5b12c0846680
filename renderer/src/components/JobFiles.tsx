import { useTranslation } from 'react-i18next';
import type { JobFile } from '../../../electron/common/domain';
import { formatSize } from '../format/size';
import { FileButtons } from './FileButtons';

const KIND_GROUPS = [
  { kind: 'input', title: 'files.groupInput' },
  { kind: 'output', title: 'files.groupOutput' },
  { kind: 'evidence', title: 'files.groupEvidence' },
] as const satisfies readonly { kind: JobFile['kind']; title: string }[];

/** What a job took or made, grouped by kind (input, output, evidence), each with Open and Save. */
export function JobFiles({ files }: { files: readonly JobFile[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return <p className="muted small">{t('files.none')}</p>;
  return (
    <table className="files-table">
      <thead>
        <tr>
          <th>{t('files.name')}</th>
          <th>{t('files.kindColumn')}</th>
          <th className="numeric">{t('files.size')}</th>
          <th />
        </tr>
      </thead>
      {KIND_GROUPS.map(({ kind, title }) => {
        const group = files.filter((file) => file.kind === kind);
        return group.length === 0 ? null : <FileGroup key={kind} title={t(title)} files={group} />;
      })}
    </table>
  );
}

function FileGroup({ title, files }: { title: string; files: readonly JobFile[] }) {
  const { t } = useTranslation();
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
            <span className={`tag tag-${file.kind}`} data-kind={file.kind}>
              {t(`files.kind.${file.kind}`)}
            </span>
          </td>
          <td className="numeric nowrap">{formatSize(file.size)}</td>
          <td className="actions">
            <FileButtons file={file} className="file-actions" />
          </td>
        </tr>
      ))}
    </tbody>
  );
}
