// zh by default, en on the switch: every text of the portal is a pair, and `t` picks the one shown.
import { ref } from 'vue';

/** The portal's two languages. */
export type Lang = 'zh' | 'en';

/** The language shown; Chinese unless the user switches. */
export const lang = ref<Lang>('zh');

/** A text in both languages (the SDK's labels, messages and statuses all have this shape). */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** The text in the language shown: `t('暂存', 'Save')` or `t(STATUS_LABELS.draft)`. */
export function t(zhOrPair: string | Bilingual, en?: string): string {
  if (typeof zhOrPair !== 'string') return zhOrPair[lang.value];
  return lang.value === 'zh' ? zhOrPair : (en ?? zhOrPair);
}
