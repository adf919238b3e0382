/** `text` as a regular expression that matches exactly it (for names such as 'config.json' inside a pattern). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
