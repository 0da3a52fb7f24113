/** Aligned text tables (no dependency beyond io, so light commands such as lookup load fast). */
import type { Lang } from './io';

/** Chinese column headers of the tables the client commands print (field names stay as headers in English: they are what --format json prints). */
const ZH_HEADERS: Readonly<Record<string, string>> = {
  id: '编号', version: '版本', status: '状态', mofcomApplicationNo: '商务部申请号', licenceNo: '许可证号', contract: '合同号', updatedAt: '更新时间', createdAt: '创建时间',
  type: '类型', fileName: '文件名', size: '字节', sha256: 'SHA-256', uploadedAt: '上传时间', stage: '阶段', decision: '结论', text: '意见', reviewer: '审核人', at: '时间',
  seq: '序号', code: '代码', name: '名称', nameEn: '英文名称', hsCode: '商品编码', categoryCode: '类别代码', unit: '单位', goodsClass: '货物类别', event: '事件', from: '原状态', to: '新状态', actor: '操作人', opinion: '意见', occurredAt: '发生时间', applicationId: '申请编号', mode: '方式', target: '对象', url: '地址',
  declarationNo: '报关单号', port: '口岸', date: '日期', quantityUsed: '本次数量', quantityLeft: '剩余数量', recordedAt: '记录时间', ok: '成功', error: '错误', year: '年度', month: '月份', country: '国家', licences: '许可证数', amounts: '金额',
};

/** Rows as aligned columns (wide characters count double); headers in Chinese when `lang` is zh. */
export function renderRows(rows: readonly object[], columns: readonly string[], lang: Lang = 'en'): string {
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const width = (value: string) => [...value].reduce((sum, char) => sum + ((char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  // A loop, not Math.max(...spread): a spread of many rows overflows the stack.
  const headers = columns.map((column) => (lang === 'zh' ? (ZH_HEADERS[column] ?? column) : column));
  const widths = columns.map((column, i) => rows.reduce<number>((widest, row) => Math.max(widest, width(text((row as Record<string, unknown>)[column]))), width(headers[i]!)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((column) => text((row as Record<string, unknown>)[column]))))].join('\n') + '\n';
}

