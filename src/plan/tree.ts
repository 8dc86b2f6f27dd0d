// The plan's tree: its levels (the district's names for them, one to four between the plan and the
// actions) and its items, nested. Every module that needs the hierarchy asks this one: rules walk
// the raw data through visitItems (which tolerates data that failed the schema), and everything
// built from a valid plan uses buildTree.
//
// Two ways to write the tree, both public:
//   - without `levels:`, two levels: `theories:`, each with `strategies:` (the districts' first shape);
//   - with `levels:`, its items under `outline:`, each item's sub-items under `children:`.
import type { DataPath } from '../diagnostics.js';
import type { ItemData } from './plan-data.js';
import type { Terminology } from './terminology.js';
import { pluralize, termFor } from './terminology.js';

export const MAX_LEVELS = 4;

export interface PlanLevel {
  /** 0 for the top level. */
  depth: number;
  singular: string;
  plural: string;
  /** Items of this level are theories of action, stated "If ..., then ...". */
  theoryOfAction: boolean;
  /** false: no action is expected under the items of this level. */
  expectsActions: boolean;
}

export interface LevelScheme {
  levels: PlanLevel[];
  /** The depth of the level actions align to. */
  align: number;
  /** Whether plan.yaml declares its levels (and writes its items under `outline:`). */
  declared: boolean;
  /**
   * Where the top items are written: `outline` with declared levels, else `theories`. A plan that
   * mixes the two (a rule reports it) is read from the key it has, so one slip is one error.
   */
  rootKey: 'theories' | 'outline';
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** The plan's levels, from `levels:` when it declares them, else today's two (named by its terminology). */
export function levelScheme(plan: Record<string, unknown>, terms: Terminology): LevelScheme {
  const declared = Array.isArray(plan.levels) && plan.levels.length > 0;
  if (!declared) {
    return {
      levels: [
        // Only a top level the district calls a theory must read "If ..., then ..."; a priority area
        // or a major goal is stated differently.
        { depth: 0, singular: terms.theory.singular, plural: terms.theory.plural, theoryOfAction: /theor/i.test(terms.theory.singular), expectsActions: true },
        { depth: 1, singular: terms.strategy.singular, plural: terms.strategy.plural, theoryOfAction: false, expectsActions: true },
      ],
      align: 1,
      declared: false,
      rootKey: plan.theories === undefined && plan.outline !== undefined ? 'outline' : 'theories',
    };
  }
  // More than four is an error the rules report; reading them all keeps the alignment meant.
  const levels: PlanLevel[] = (plan.levels as unknown[]).map((entry, depth) => {
    const level = isRecord(entry) ? entry : {};
    const singular = text(level.name) ?? `Level ${depth + 1}`;
    return {
      depth,
      singular,
      plural: text(level.plural) ?? pluralize(singular),
      theoryOfAction: level.theory_of_action === true,
      expectsActions: level.expects_actions !== false,
    };
  });
  return { levels, align: alignDepth(plan.actions_align_to, levels), declared: true, rootKey: plan.outline === undefined && plan.theories !== undefined ? 'theories' : 'outline' };
}

/** The depth of the level named by `actions_align_to`: the lowest level when it is absent or names none. */
export function alignDepth(name: unknown, levels: readonly PlanLevel[]): number {
  const wanted = typeof name === 'string' ? name.trim().toLowerCase() : undefined;
  const found = wanted === undefined ? -1 : levels.findIndex((l) => l.singular.toLowerCase() === wanted || l.plural.toLowerCase() === wanted);
  return found >= 0 ? found : levels.length - 1;
}

/** The key an item holds its sub-items under: children with declared levels, strategies under a theory; whichever it has when it mixes them. */
function childKey(scheme: LevelScheme, depth: number, item: Record<string, unknown>): string | undefined {
  const written = scheme.declared ? 'children' : depth === 0 ? 'strategies' : undefined;
  if (written && item[written] !== undefined) return written;
  return item.children !== undefined ? 'children' : item.strategies !== undefined ? 'strategies' : written;
}

export interface ItemVisit {
  record: Record<string, unknown>;
  id: string | undefined;
  /** 0 for a top item; may reach past the declared levels, for the rules to report. */
  depth: number;
  /** Where the item is in plan.yaml. */
  path: DataPath;
  /** Its ancestors, the top item first. */
  ancestors: readonly ItemVisit[];
}

/**
 * Every item of plan.yaml, parents before their children, in the plan's order. Looks before it
 * touches: entries that are not objects are skipped, so it runs on data that failed the schema.
 */
export function visitItems(plan: Record<string, unknown>, scheme: LevelScheme, visit: (item: ItemVisit) => void): void {
  const walk = (list: unknown, path: DataPath, depth: number, ancestors: readonly ItemVisit[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const item: ItemVisit = { record: entry, id: typeof entry.id === 'string' ? entry.id : undefined, depth, path: [...path, i], ancestors };
      visit(item);
      const key = childKey(scheme, depth, entry);
      if (key) walk(entry[key], [...path, i, key], depth + 1, [...ancestors, item]);
    });
  };
  walk(plan[scheme.rootKey], [scheme.rootKey], 0, []);
}

export interface TreeItem {
  id: string;
  depth: number;
  level: PlanLevel;
  data: ItemData;
  parent: TreeItem | null;
  children: TreeItem[];
  /** Its ancestors and itself, the top item first. */
  lineage: TreeItem[];
  /** Its title, else its text; numbered where the plan numbers it ("2. Strengthen ..."). */
  name: string;
  /** The school years it is active: its own, else its nearest ancestor's; null for every year. */
  activeYears: string[] | null;
  /** Whether actions are expected under it (the plan, its level and every ancestor allow them). */
  expectsActions: boolean;
  path: DataPath;
}

export interface PlanTree {
  scheme: LevelScheme;
  levels: PlanLevel[];
  /** The depth actions align to. */
  align: number;
  roots: TreeItem[];
  /** Every item, parents before children, in the plan's order. */
  items: TreeItem[];
  byId: Map<string, TreeItem>;
  /** The items actions align to, in the plan's order. */
  aligned: TreeItem[];
}

/** The display name of an item: "2. Title", or its title, else its text, else its id. */
export function itemName(data: Pick<ItemData, 'id' | 'number' | 'title' | 'text'>): string {
  const base = data.title ?? data.text ?? data.id;
  return data.number !== undefined ? `${data.number}. ${base}` : base;
}

/** The tree of a plan that passed the schema and the rules; items deeper than the levels are left out. */
export function buildTree(plan: Record<string, unknown>, terms: Terminology): PlanTree {
  const scheme = levelScheme(plan, terms);
  const planExpects = !(isRecord(plan.plan) && plan.plan.expects_actions === false);
  const items: TreeItem[] = [];
  const roots: TreeItem[] = [];
  const byId = new Map<string, TreeItem>();
  const byVisit = new Map<Record<string, unknown>, TreeItem>();
  visitItems(plan, scheme, (visit) => {
    const level = scheme.levels[visit.depth];
    if (!level || visit.id === undefined) return;
    const parentVisit = visit.ancestors[visit.ancestors.length - 1];
    const parent = parentVisit ? byVisit.get(parentVisit.record) ?? null : null;
    if (parentVisit && !parent) return;
    const data = visit.record as unknown as ItemData;
    const item: TreeItem = {
      id: visit.id,
      depth: visit.depth,
      level,
      data,
      parent,
      children: [],
      lineage: [],
      name: itemName(data),
      activeYears: data.school_years ?? parent?.activeYears ?? null,
      expectsActions: (parent ? parent.expectsActions : planExpects) && level.expectsActions && data.expects_actions !== false,
      path: visit.path,
    };
    item.lineage = parent ? [...parent.lineage, item] : [item];
    if (parent) parent.children.push(item);
    else roots.push(item);
    byVisit.set(visit.record, item);
    items.push(item);
    if (!byId.has(item.id)) byId.set(item.id, item);
  });
  return { scheme, levels: scheme.levels, align: scheme.align, roots, items, byId, aligned: items.filter((i) => i.depth === scheme.align) };
}

/** The item an action aligns to, when it is one of the alignment level. */
export function alignedItem(tree: PlanTree, id: string): TreeItem | undefined {
  const item = tree.byId.get(id);
  return item && item.depth === tree.align ? item : undefined;
}

/** Whether `item` is `ancestor` or lies below it. */
export function isWithin(item: TreeItem, ancestor: TreeItem): boolean {
  return item.lineage[ancestor.depth] === ancestor;
}

/**
 * The kind of an item in machine output (status rows, the diff): `theory` for the top level and
 * `strategy` for the level actions align to, whatever the plan calls them (their words are the
 * terminology's theory and strategy), and `level2`, `level3` for the levels between or below.
 */
export type ItemKind = 'theory' | 'strategy' | `level${number}`;

export function itemKind(tree: Pick<PlanTree, 'align'>, depth: number): ItemKind {
  if (depth === tree.align) return 'strategy';
  if (depth === 0) return 'theory';
  return `level${depth + 1}`;
}

/** The district's word for a kind: an item's level (level2 -> "Goal"), else the terminology's. */
export function kindWord(model: { terms: Terminology; tree: Pick<PlanTree, 'levels'> }, kind: string, plural = false): string {
  const level = /^level(\d)$/.exec(kind);
  const found = level ? model.tree.levels[Number(level[1]) - 1] : undefined;
  if (found) return plural ? found.plural : found.singular;
  return termFor(model.terms, kind, plural);
}

/** The plural word for what a rollup counts at its foot: the plan's actions, or the items of the level actions align to when people rate those as a whole. */
export function footWord(model: { terms: Terminology; tree: Pick<PlanTree, 'levels' | 'align'> }, foot: 'actions' | 'items'): string {
  return foot === 'items' ? model.tree.levels[model.tree.align]!.plural : model.terms.action.plural;
}
