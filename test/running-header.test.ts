import { describe, expect, it } from 'vitest';
import { cssString } from '../src/report/escape.js';
import { pageLabelContent, runningHeaderCss } from '../src/report/running-header.js';

describe('the running header and footer', () => {
  it('keeps the plan text a CSS string: quotes, backslashes, new lines and </style> are escaped', () => {
    const css = cssString('A "quoted" \\ district\n</style><script>');
    expect(css).toBe('"A \\22 quoted\\22  \\5c  district\\a \\3c \\2f style\\3e \\3c script\\3e "');
    expect(css.slice(1, -1)).not.toMatch(/["<\n]/);
  });

  it('keeps letters of every language as they are', () => {
    expect(cssString('Página Ñandú 東')).toBe('"Página Ñandú 東"');
  });

  it('turns "Page {page} of {total}" into the page counters, in the report\'s words', () => {
    expect(pageLabelContent('Página {page} de {total}')).toBe('"Página " counter(page) " de " counter(pages)');
    expect(pageLabelContent('{page}/{total}')).toBe('counter(page) "\\2f " counter(pages)');
    expect(runningHeaderCss('East Hartford', 'Page {page} of {total}')).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);');
  });
});
