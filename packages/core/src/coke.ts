/**
 * Coke (焦炭): its category code and the three grades the portal offers in the spec-row dropdown.
 * Source: the Single Window user manual, 录入与暂存 › 规格型号信息, 小提示 ("当商品为焦炭商品（大类别为 B02800）必须录入规定的规格型号 …
 * 规格型号分为三种：常规粒度冶金焦、铸造焦、小粒度冶金焦"). The spec texts are the manual's, character for character.
 */

/** The category code (商品大类码) of coke: an application with this category is coke whatever the catalog says. */
export const COKE_CATEGORY_CODE = 'B02800';

/** One coke grade: a stable code, its names, and the manual's exact spec text (the part inside 规格（…）). */
export interface CokeGrade {
  /** exlic's stable code for the grade (for a form's option value). */
  readonly code: 'metallurgicalRegular' | 'foundry' | 'metallurgicalSmall';
  /** The portal's name (zh) and exlic's English one; a spec row may hold the Chinese name alone. */
  readonly label: { readonly zh: string; readonly en: string };
  /** The manual's spec text for the grade, exactly as printed (full-width colons and semicolons included). */
  readonly spec: string;
}

/**
 * The three coke grades, in the manual's order. The rule `coke.spec.grade` reads them from here; a form builds its
 * dropdown from them (a row's spec may be the name, the spec text, or `name：规格（spec）`).
 *
 * @example
 * ```ts
 * const options = COKE_GRADES.map((grade) => ({ value: grade.label.zh, text: `${grade.label.zh}（${grade.spec}）` }));
 * ```
 */
export const COKE_GRADES: readonly CokeGrade[] = Object.freeze([
  { code: 'metallurgicalRegular', label: { zh: '常规粒度冶金焦', en: 'metallurgical coke, regular size' }, spec: '粒度：30-90mm；水分：5%；灰：10.5%-12.5%；硫：0.6%-0.75%；挥发份：1.2%-1.5%；CSR62%-65%；CRI26%-28%；M10：8%-9%；m40:80-84' },
  { code: 'foundry', label: { zh: '铸造焦', en: 'foundry coke' }, spec: '粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%' },
  { code: 'metallurgicalSmall', label: { zh: '小粒度冶金焦', en: 'metallurgical coke, small size' }, spec: '粒度：10-30mm；水分：10%；灰：11.5%-13%；硫：0.7%-0.8%；挥发份：1.2%-1.5%' },
] as const);
