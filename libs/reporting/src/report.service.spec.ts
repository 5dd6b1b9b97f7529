import type { PermissionChecker, RailPrincipal } from '@rail/core';
import { resolveReportingOptions } from './rail-reporting.options.js';
import { ReportService } from './report.service.js';

// What the service is built from besides the options and the checker; unused by these checks.
const unused = undefined as never;

const admin: RailPrincipal = { userId: '1', companyId: null, roles: ['admin'], authMethods: [] };
const dataset = {
  code: 'sales',
  model: 'Order',
  permission: 'report.run',
  dimensions: { status: { path: 'status' } },
  metrics: { orders: { fn: 'count' as const } },
};

describe('ReportService: who decides a dataset permission', () => {
  it('asks the core PermissionChecker when the options give no hasPermission', async () => {
    const asked: string[] = [];
    const checker: PermissionChecker = {
      hasRole: () => false,
      hasPermission: (_, permission) => {
        asked.push(permission);
        return false;
      },
    };
    const options = resolveReportingOptions({ datasets: [dataset] });
    const service = new ReportService(unused, unused, unused, options, checker);
    await expect(service.run('sales', {}, admin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(asked).toEqual(['report.run']);
  });

  it('does not start with nobody to decide: no checker and no hasPermission', () => {
    const options = resolveReportingOptions({ datasets: [dataset] });
    expect(() => new ReportService(unused, unused, unused, options)).toThrow(
      'RailReportingModule needs a PermissionChecker (import RailRbacModule) or the `hasPermission` option',
    );
  });
});
