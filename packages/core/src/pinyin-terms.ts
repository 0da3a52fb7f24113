import data from './data/pinyin-terms.json';

/**
 * Readings (toneless pinyin, syllables separated by spaces) of trade terms that a general pinyin
 * dictionary reads wrongly in this domain, such as 热轧 (re zha, hot-rolled; not re ya). The bundled
 * tables' pinyin is generated with them; pass them to your pinyin library when you compute pinyin for
 * your own catalog rows, so a user typing `rzjc` finds 热轧卷材.
 * @example
 * import { customPinyin, pinyin } from 'pinyin-pro';
 * customPinyin(PINYIN_TERM_READINGS);
 * const catalog = createCatalog(rows, { pinyin: (text) => pinyin(text, { toneType: 'none' }) });
 */
export const PINYIN_TERM_READINGS: Readonly<Record<string, string>> = Object.freeze({ ...data.terms });
