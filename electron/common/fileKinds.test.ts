import { describe, expect, it } from 'vitest';
import { openAction, openRefusal } from './fileKinds.js';

// Open hands a file to the system (shell.openPath on Windows runs .exe/.bat/.lnk/.hta), so only
// kinds that are documents may be opened; the rule is an allow-list decided by the last extension.
describe('openAction', () => {
  it.each([
    ['invoice.pdf', 'open'],
    ['INVOICE.PDF', 'open'],
    ['scan.JPEG', 'open'],
    ['photo.png', 'open'],
    ['notes.txt', 'open'],
    ['export.csv', 'open'],
    ['report.xlsx', 'open'],
    ['letter.docx', 'open'],
    ['invoice.exe.pdf', 'open'],
    ['invoice.pdf.', 'open'],
    ['invoice.pdf . ', 'open'],
    ['trace.zip', 'show-in-folder'],
    ['Archive.ZIP', 'show-in-folder'],
    ['setup.exe', 'save-only'],
    ['SETUP.EXE', 'save-only'],
    ['run.bat', 'save-only'],
    ['run.cmd', 'save-only'],
    ['shortcut.lnk', 'save-only'],
    ['app.hta', 'save-only'],
    ['script.js', 'save-only'],
    ['script.vbs', 'save-only'],
    ['script.ps1', 'save-only'],
    ['installer.msi', 'save-only'],
    ['page.html', 'save-only'],
    ['drawing.svg', 'save-only'],
    ['macro.xlsm', 'save-only'],
    ['invoice.pdf.exe', 'save-only'],
    ['invoice.pdf.exe.', 'save-only'],
    ['invoice.pdf.exe  ', 'save-only'],
    ['invoice.pdf.exe . .', 'save-only'],
    ['invoice\u202Efdp.exe', 'save-only'],
    ['README', 'save-only'],
    ['', 'save-only'],
    ['...', 'save-only'],
    ['invoice.pdf:evil.exe', 'save-only'],
    ['invoice.pdf\u200B', 'save-only'],
    ['C:\\Users\\me\\Downloads\\invoice.pdf', 'open'],
    ['folder.pdf/run.exe', 'save-only'],
  ] as const)('%j → %s', (name, expected) => {
    expect(openAction(name)).toBe(expected);
  });
});

describe('openRefusal', () => {
  it('says why a file cannot be opened, and nothing for a document', () => {
    expect(openRefusal('setup.exe')).toMatch(/may run programs/);
    expect(openRefusal('setup.exe')).toMatch(/Save/);
    expect(openRefusal('README')).toMatch(/Save/);
    expect(openRefusal('invoice.pdf')).toBeUndefined();
  });
});
