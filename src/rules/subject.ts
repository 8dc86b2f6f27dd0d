// Names the thing a path points into, in the plan's own terms: 'Action Step "hock-a3"' rather than
// 'actions[2]', so that a principal reading the message knows which step is meant.
import type { DataPath } from '../diagnostics.js';
import type { TermKey, Terminology } from '../plan/terminology.js';
import { asRecord, stringOf } from './data.js';

const ITEM_KINDS: Record<string, TermKey | { label: string }> = {
  theories: 'theory',
  strategies: 'strategy',
  actions: 'action',
  goals: 'goal',
  cycles: 'cycle',
  offices: 'office',
  schools: 'school',
  networks: 'network',
  partners: 'partner',
  people: { label: 'Person' },
  team: { label: 'Team member' },
  levels: { label: 'Level' },
  tiers: { label: 'Tier' },
  context: { label: 'Section' },
  decisions: { label: 'Decision area' },
};

export function labelFor(key: string, terms: Terminology): string | undefined {
  const kind = ITEM_KINDS[key];
  if (!kind) return undefined;
  return typeof kind === 'string' ? terms[kind].singular : kind.label;
}

export interface Subject {
  /** E.g. 'Action Step "hock-a3"', or '' for the file's top level. */
  name: string;
  /** The part of the path below the subject. */
  rest: DataPath;
}

export function subjectAt(root: unknown, path: DataPath, terms: Terminology): Subject {
  let node: unknown = root;
  let name = '';
  let restFrom = 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const parentKey = i > 0 ? path[i - 1] : undefined;
    node = Array.isArray(node) ? node[step as number] : asRecord(node)?.[step as string];
    if (typeof step === 'number' && typeof parentKey === 'string') {
      const label = parentKey === 'outline' || parentKey === 'children' ? declaredLevelName(root, path.slice(0, i).filter((s) => s === 'children').length, terms) : labelFor(parentKey, terms);
      if (label) {
        const record = asRecord(node);
        const id = stringOf(record?.id) ?? stringOf(record?.title) ?? stringOf(record?.area);
        name = id ? `${label} "${truncate(id)}"` : `${label} #${step + 1}`;
        restFrom = i + 1;
      }
    }
    if (node === undefined) break;
  }
  return { name, rest: path.slice(restFrom) };
}

function truncate(text: string): string {
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}

/** The name plan.yaml gives the level at `depth` (items under outline: and children:). */
function declaredLevelName(root: unknown, depth: number, terms: Terminology): string {
  const levels = asRecord(root)?.levels;
  if (!Array.isArray(levels) || !levels.length) return depth === 0 ? terms.theory.singular : terms.strategy.singular;
  const name = stringOf(asRecord(levels[depth])?.name);
  return name?.trim() ? name : `Level ${depth + 1}`;
}
