import { firstSeparated } from '../firstSeparated.js';
import type { ReportData } from '../ReportData.js';
import type { SummaryWords } from './SummaryWords.js';

/** Pairs named one by one; the rest are counted. */
const LISTED_PAIRS = 3;

/** Which class pairs separated first (and a class they all share), and which prototypes separated them. */
export function firstSeparatedSentences(separations: ReportData['separations'], words: SummaryWords): string[] {
  const separated = firstSeparated(separations);
  if (separated.length === 0) return [];
  const t0 = separated[0].firstSeparatedTransition!;
  const earliest = separated.filter((s) => s.firstSeparatedTransition === t0);
  const listed = earliest.slice(0, LISTED_PAIRS).map((s) => words.pair(s.pair));
  const more = earliest.length - listed.length;
  const shared = earliest[0].pair.find((c) => earliest.every((s) => s.pair.includes(c)));
  const sentences = [
    `The first class pairs to separate, at ${words.transition(t0)}, were ` +
      (more > 0 ? `${listed.join(', ')} and ${more} more` : words.list(listed)) +
      (earliest.length > 1 && shared !== undefined ? `; all involve class ${words.className(shared)}.` : '.'),
  ];
  const withDriver = earliest.filter((s) => s.driver !== null);
  if (withDriver.length === 0) return sentences;
  const counts = new Map<number, number>();
  for (const s of withDriver) counts.set(s.driver!.prototype, (counts.get(s.driver!.prototype) ?? 0) + 1);
  const ranked = [...counts.entries()].sort(([ka, na], [kb, nb]) => nb - na || ka - kb);
  const example = withDriver.find((s) => s.driver!.prototype === ranked[0][0])!;
  const evidence = `${words.pair(example.pair)}: ${words.separator(example.driver!, example.pair)}`;
  sentences.push(
    withDriver.length === 1
      ? `Its strongest separator was prototype ${example.driver!.prototype} (${evidence}).`
      : `Their strongest separator was ${words.list(ranked.map(([k, n], i) => `prototype ${k} for ${n}${i === 0 ? ` of the ${withDriver.length} pairs` : ''}`))} (e.g. ${evidence}).`,
  );
  return sentences;
}
