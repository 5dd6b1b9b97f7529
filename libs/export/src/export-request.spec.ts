import { downloadName, parseExportRequest } from './export-request.js';

describe('export requests', () => {
  it('names the first problem of a bad request', () => {
    expect(() =>
      parseExportRequest({ model: 'Product', format: 'csv', fields: ['id'], maxRows: 1.5 }),
    ).toThrow(/^maxRows: /);
    expect(() => parseExportRequest({ model: 'Product', format: 'pdf', fields: ['id'] })).toThrow(
      /^format: /,
    );
    expect(() => parseExportRequest({ model: 'Product', format: 'csv', fields: [] })).toThrow(/^fields: /);
    expect(() => parseExportRequest({ model: 'Product', format: 'csv', fields: ['id'], extra: 1 })).toThrow(
      /extra/,
    );
    expect(() => parseExportRequest('nonsense')).toThrow(/^body: /);
  });

  it('makes a safe download name with the right extension', () => {
    const request = parseExportRequest({ model: 'Product', format: 'xlsx', fields: ['id'] });
    expect(downloadName(request)).toBe('product-export.xlsx');
    expect(downloadName({ ...request, filename: '../../etc/passwd"; x=.csv' })).toBe(
      '.._.._etc_passwd_x_.xlsx',
    );
    expect(downloadName({ ...request, filename: 'Q3 report.xlsx' })).toBe('Q3_report.xlsx');
  });
});
