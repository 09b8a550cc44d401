import { describe, expect, it } from 'vitest';
import { fileDownload, safeFileName } from './file-download';

describe('safeFileName', () => {
  it('drops folders, quotes, control characters and leading dots', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\letter.pdf')).toBe('letter.pdf');
    expect(safeFileName('a"b\r\nc.pdf')).toBe('abc.pdf');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('   ')).toBe('download');
  });
});

describe('fileDownload', () => {
  it('is always saved, never sniffed and never cached', async () => {
    const response = fileDownload({
      fileName: 'Trip letter – Year 8.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.4').toString('base64'),
    });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Trip letter _ Year 8.pdf"; filename*=UTF-8''Trip%20letter%20%E2%80%93%20Year%208.pdf`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-length')).toBe('8');
    expect(await response.text()).toBe('%PDF-1.4');
  });

  it('sends a type it cannot vouch for as plain bytes', () => {
    const response = fileDownload({
      fileName: 'x',
      contentType: 'text/html\r\nSet-Cookie: a=b',
      data: '',
    });
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });
});
