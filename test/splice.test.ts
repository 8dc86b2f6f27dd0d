// The YAML editor behind plan apply: an entry set in place in each layout a district writes, every
// other byte kept, and layouts it cannot edit safely refused rather than guessed at.
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { spliceEntries, SpliceError, type EntryEdit } from '../src/apply/splice.js';

const order = new Map(['fall', 'winter', 'spring', 'eoy'].map((c, i) => [c, i]));
const splice = (text: string, edits: EntryEdit[]) => spliceEntries(text, edits, order, (flow) => jsYaml.load(flow));
const actions = (text: string) => (jsYaml.load(text) as { actions: Array<{ id: string; progress?: Record<string, unknown> }> }).actions;

const BLOCK = `# A school plan, with comments that must stay.
school: a
actions:
  # The first action
  - id: a1
    title: "Quoted: title"   # trailing comment
    strategy: s1

    progress:
      fall:
        rating: 2
        evidence: |
          Two lines
          of evidence.
      # spring comes later
      spring: {rating: 3}
  - id: a2
    title: No progress yet
    strategy: s1
    description: >
      Folded text
      at the end of the item.

summary: after the actions
`;

describe('spliceEntries', () => {
  it('inserts a cycle in time order, replaces one, and adds a progress map, changing only those lines', () => {
    const { text } = splice(BLOCK, [
      { action: 'a1', cycle: 'winter', entry: { rating: 1, evidence: 'Late start: 3 of 8 rooms.' } },
      { action: 'a1', cycle: 'spring', entry: { rating: null, evidence: 'Not observed.' } },
      { action: 'a2', cycle: 'fall', entry: { rating: 3, evidence: "O'Connell's team, #1" } },
    ]);
    const before = BLOCK.split('\n');
    const after = text.split('\n');
    // Every original line but the replaced entry is still there, in order
    const kept = before.filter((l) => l !== '      spring: {rating: 3}');
    let at = 0;
    for (const line of kept) {
      at = after.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
    }
    const [a1, a2] = actions(text);
    expect(Object.keys(a1!.progress!)).toEqual(['fall', 'winter', 'spring']);
    expect(a1!.progress!.winter).toEqual({ rating: 1, evidence: 'Late start: 3 of 8 rooms.' });
    expect(a1!.progress!.spring).toEqual({ rating: null, evidence: 'Not observed.' });
    expect(a1!.progress!.fall).toEqual({ rating: 2, evidence: 'Two lines\nof evidence.\n' });
    expect(a2!.progress).toEqual({ fall: { rating: 3, evidence: "O'Connell's team, #1" } });
    expect((jsYaml.load(text) as { summary: string }).summary).toBe('after the actions');
    // The comment before spring stays with it
    expect(text).toContain('      # spring comes later\n      spring: {rating: null, evidence: Not observed.}');
  });

  it('keeps Windows line ends, and a file without a final newline', () => {
    const crlf = 'actions:\r\n  - id: a1\r\n    title: T\r\n    strategy: s1\r\n    progress:\r\n      fall:\r\n        rating: 2';
    const { text } = splice(crlf, [{ action: 'a1', cycle: 'winter', entry: { rating: 3 } }]);
    expect(text).toBe('actions:\r\n  - id: a1\r\n    title: T\r\n    strategy: s1\r\n    progress:\r\n      fall:\r\n        rating: 2\r\n      winter:\r\n        rating: 3\r\n');
  });

  it('writes text that YAML would misread as quoted, and multi-line text as a block', () => {
    const { text } = splice(BLOCK, [{ action: 'a2', cycle: 'fall', entry: { rating: 2, evidence: 'yes', next_steps: '- first\n- second', reported_by: '=A1' } }]);
    expect(actions(text)[1]!.progress!.fall).toEqual({ rating: 2, evidence: 'yes', next_steps: '- first\n- second', reported_by: '=A1' });
  });

  it('refuses an action written in braces, and text that keeps trailing blank lines', () => {
    const flow = 'actions:\n  - {id: a1, title: T, strategy: s1}\n';
    expect(() => splice(flow, [{ action: 'a1', cycle: 'fall', entry: { rating: 2 } }])).toThrow(SpliceError);
    const keep = 'actions:\n  - id: a1\n    title: T\n    strategy: s1\n    progress:\n      fall:\n        rating: 2\n        evidence: |+\n          kept\n\n';
    expect(() => splice(keep, [{ action: 'a1', cycle: 'winter', entry: { rating: 2 } }])).toThrow(/keeps its trailing blank lines/);
    expect(() => splice('actions: []\n', [{ action: 'a1', cycle: 'fall', entry: { rating: 2 } }])).toThrow(SpliceError);
  });
});
