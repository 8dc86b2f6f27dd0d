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

  it('text written by its own rules (not read back at apply time) reads back as written, in a block and in braces, by both YAML libraries', async () => {
    const { parse } = await import('yaml');
    // A seeded mix of what evidence holds: words in several scripts, digits, and every mark YAML gives a meaning to.
    const marks = [...'abcXYZ éñüß 中文 123 .,;:()%\'’"/–—+-#!&*?|>{}[]@`\\~=^$'];
    let seed = 20261123;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const samples = ['yes', 'No', 'null', '~', '3 of 12', '-dash', '+1', '.5', "'quoted'", 'ends with space ', ' leading', 'a: b', 'a #b', '#x', 'x:', 'O’Neil (3/5) – 80%', 'true'];
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: 1 + Math.floor(next() * 30) }, () => marks[Math.floor(next() * marks.length)]).join(''));
    const blockFile = 'actions:\n  - id: a1\n    title: T\n    strategy: s1\n    progress:\n      fall:\n        rating: 2\n';
    const flowFile = 'actions:\n  - id: a1\n    title: T\n    strategy: s1\n    progress:\n      fall: {rating: 2}\n';
    let ruled = 0;
    for (const evidence of samples) {
      if (evidence.trim() === '') continue;
      for (const file of [blockFile, flowFile]) {
        const entry = { rating: 3, evidence, reported_by: evidence };
        const { text, written } = splice(file, [{ action: 'a1', cycle: 'winter', entry }]);
        if (!written[0]!.ruled) continue;
        ruled++;
        expect(actions(text)[0]!.progress!.winter, JSON.stringify(evidence)).toEqual(entry);
        expect((parse(text) as { actions: Array<{ progress: Record<string, unknown> }> }).actions[0]!.progress.winter, JSON.stringify(evidence)).toEqual(entry);
      }
    }
    // Most text takes the rules' way; the rest is written by the yaml package and read back at apply time.
    expect(ruled).toBeGreaterThan(1000);
    // Cycle ids, as keys.
    const cycles = ['2024-fall-sam', 'winter', '1e5', '1e-5', '12E3', '0x1F', '0o17', '0b1', 'yes', 'No', 'null', 'true', 'y', 'on', '2024-01-15', '2024', 'sam_1', 'a-b'];
    let ruledKeys = 0;
    for (const cycle of cycles) {
      for (const file of [blockFile, flowFile]) {
        const entry = { rating: 2 };
        const { text, written } = spliceEntries(file, [{ action: 'a1', cycle, entry }], new Map([['fall', 0], [cycle, 5]]), (flow) => jsYaml.load(flow));
        if (!written[0]!.ruled) continue;
        ruledKeys++;
        for (const read of [(jsYaml.load(text) as { actions: Array<{ progress: Record<string, unknown> }> }).actions, (parse(text) as { actions: Array<{ progress: Record<string, unknown> }> }).actions]) {
          expect(Object.keys(read[0]!.progress), cycle).toEqual(['fall', cycle]);
          expect(read[0]!.progress[cycle], cycle).toEqual(entry);
        }
      }
    }
    expect(ruledKeys).toBe(2 * 4); // 2024-fall-sam, winter, sam_1, a-b: the others are read back at apply time
  });
});
