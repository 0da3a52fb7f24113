import { createCatalog, type Catalog, type GoodsClass } from '@exlic/core';
import { createApplicationForm, createManualScheduler, type ApplicationForm, type ApplicationFormOptions, type ManualScheduler } from '@exlic/form';
import { TEST_CODES, testCatalog, validApplication } from '../../rules/test/generate';

export { TEST_CODES, validApplication };

/** The date every form test runs on. */
export const AS_OF = '2026-09-01';

/** The test enterprise (valid codes), as the client's `me()` answers it. */
export const ACCOUNT = { enterprise: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' }, operator: { id: 'op-1', name: '张三' } };

/** The rules' test catalog (one code per goods class, 2026) with the steel code named as the manual names it, plus a car code in 辆 that serves three classes. */
export function formCatalog(): Catalog {
  const entries = testCatalog().entries.filter((entry) => entry.goodsClass !== 'steel');
  return createCatalog(
    [
      ...entries,
      { year: 2026, hsCode: TEST_CODES.steel, name: '厚度<1.5mm其他的热轧卷材', unit: '千克', goodsClass: 'steel', categoryCode: 'B01100' },
      { year: 2026, hsCode: '8703236120', name: '测试小轿车', unit: '辆', goodsClass: 'vehicleNew', goodsClasses: ['vehicleNew', 'vehicleNewModified', 'vehicleUsed'], categoryCode: 'C03201' },
    ],
    { source: 'exlic form test catalog' },
  );
}

/** A form on a manual clock with the test catalog and account; the scheduler moves time. */
export function makeForm(options: ApplicationFormOptions = {}, withAccount = true): { form: ApplicationForm; scheduler: ManualScheduler } {
  const scheduler = createManualScheduler();
  const form = createApplicationForm({ scheduler, asOf: AS_OF, catalog: formCatalog(), ...(withAccount ? { account: ACCOUNT } : {}), ...options });
  return { form, scheduler };
}

/** The commodity code of a goods class in the test catalog. */
export const codeOf = (goodsClass: GoodsClass): string => TEST_CODES[goodsClass];
