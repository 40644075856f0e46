/**
 * Shared test data.
 * @module
 */

/** Three NDJSON category lines, the second malformed: an import applies 2 and reports line 2. */
export const CATEGORIES_WITH_A_BAD_LINE = [
  JSON.stringify({ catId: '990001', name: '导入一级' }),
  '{"catId": broken',
  JSON.stringify({ catId: '990002', name: '导入二级', parentId: '990001' }),
].join('\n')
