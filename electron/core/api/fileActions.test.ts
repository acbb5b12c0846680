import { describe, expect, it } from 'vitest';
import { RpaError } from '../../common/errors.js';
import { openableAction } from './fileActions.js';

// The check both shells' Open runs (Electron's shell.openPath, headless's inline URL).
describe('openableAction', () => {
  const file = (name: string, storedName: string) => ({ id: 7, name, mime: 'application/pdf', path: `/data/jobs/3/${storedName}` });

  it('opens documents and shows archives in their folder', () => {
    expect(openableAction(file('invoice.pdf', 'output-1-0001.pdf'))).toBe('open');
    expect(openableAction(file('trace.zip', 'evidence-1-0002.zip'))).toBe('show-in-folder');
  });

  it('refuses a program with a forbidden RpaError that says why and what to do', () => {
    const refuse = () => openableAction(file('setup.exe', 'output-1-0001.exe'));
    expect(refuse).toThrow(RpaError);
    expect(refuse).toThrow(/^Did not open "setup\.exe": .*may run programs.*Save it/);
  });

  it('judges the name on disk too, since that is what the system acts on', () => {
    expect(() => openableAction(file('invoice.pdf', 'output-1-0001.exe'))).toThrow(/Did not open "invoice\.pdf"/);
  });
});
