// The three coke grades (焦炭, category B02800) the manual lets a spec row name, with their full text.
// Source: the portal's user manual, 规格型号信息 (the rule coke.spec.grade of @exlic/rules checks the same list).
// TODO(form-ready): read them from @exlic/form / @exlic/core when that data is exported there.

/** One coke grade: its name and the specification the manual gives it. */
export interface CokeGrade {
  readonly name: string;
  readonly text: string;
}

/** 常规粒度冶金焦, 铸造焦, 小粒度冶金焦. */
export const COKE_GRADES: readonly CokeGrade[] = [
  { name: '常规粒度冶金焦', text: '粒度：30-90mm；水分：5%；灰：10.5%-12.5%；硫：0.6%-0.75%；挥发份：1.2%-1.5%；CSR62%-65%；CRI26%-28%；M10：8%-9%；m40:80-84' },
  { name: '铸造焦', text: '粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%' },
  { name: '小粒度冶金焦', text: '粒度：10-30mm；水分：10%；灰：11.5%-13%；硫：0.7%-0.8%；挥发份：1.2%-1.5%' },
];
