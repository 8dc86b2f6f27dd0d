// Plan text is untrusted when rendered: everything a template or chart prints goes through here.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"'`=]/g, (c) => ENTITIES[c]!);
}

/**
 * Text as a CSS string. Everything but letters, digits and spaces is a hex escape, so the plan's text
 * can end neither the string nor the <style> element it is in.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) out += /^[\p{L}\p{N} ]$/u.test(char) ? char : `\\${char.codePointAt(0)!.toString(16)} `;
  return `${out}"`;
}
