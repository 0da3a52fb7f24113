// The guide's React snippet is this folder's react-snippet.tsx, character for character; the typecheck
// compiles it, and here React renders it on the server against a real form.
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeForm } from './helpers';
import { DeclareButton, Field } from './react-snippet';

describe('the React snippet of docs/guides/building-a-form.md', () => {
  it('is the file the typecheck compiles', () => {
    const guide = readFileSync(new URL('../../../docs/guides/building-a-form.md', import.meta.url), 'utf8');
    const block = /```tsx\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(block).toBe(readFileSync(new URL('./react-snippet.tsx', import.meta.url), 'utf8'));
  });

  it('renders fields, lookups, prompts and the declare gate from the store', () => {
    const { form } = makeForm();
    form.search('tradeMode', 'ybmy');
    form.touch('customsPort');
    const html = renderToStaticMarkup(
      createElement('form', null, createElement(Field, { form, path: 'tradeMode' }), createElement(Field, { form, path: 'customsPort' }), createElement(Field, { form, path: 'exporter.name' }), createElement(Field, { form, path: 'goods.approvalNo' }), createElement(DeclareButton, { form, onDeclare: () => undefined })),
    );
    expect(html).toContain('贸易方式');
    expect(html).toContain('<li role="option" aria-selected="true">0110 一般贸易</li>');
    expect(html).toContain('<span class="prompt">请填写“报关口岸”：申报时为必填项</span>');
    expect(html).toMatch(/<label class="field grey">出口商名称<input readOnly="" aria-invalid="false" value="示例出口有限公司"\/?>/);
    expect(html).not.toContain('批复单号');
    expect(html).toContain('<button type="button" disabled="">申报</button>');
    expect(html).toContain('<a href="#customsPort">');
  });
});
