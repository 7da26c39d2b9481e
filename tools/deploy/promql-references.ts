// Pulls the metric names and label names out of a PromQL expression, so the
// dashboards and alert rules can be checked against the metrics the code
// registers. Covers the PromQL this repository writes (selectors, functions,
// aggregations with by/without, binary operators), not the whole grammar.

export interface PromqlReferences {
  /** Series names the expression reads (`rate(foo_total[5m])` → `foo_total`). */
  readonly metrics: readonly string[];
  /** Label names in matchers (`{kind="gap"}`) and groupings (`by (symbol)`). */
  readonly labels: readonly string[];
  /** Label matchers with their values (`kind=~"gap|spike"` → kind, =~, gap|spike). */
  readonly matchers: readonly LabelMatcher[];
}

export interface LabelMatcher {
  readonly label: string;
  readonly operator: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan', 'atan2']);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const MATCHERS = /\{([^}]*)\}/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

export function promqlReferences(expression: string): PromqlReferences {
  const labels = new Set<string>();
  const matchers: LabelMatcher[] = [];
  // Matchers first, while their quoted values are still inside the braces.
  let rest = expression.replace(MATCHERS, (_whole, body: string) => {
    for (const match of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      labels.add(match[1]);
      matchers.push({ label: match[1], operator: match[2] as LabelMatcher['operator'], value: match[3] });
    }
    return ' ';
  });
  rest = rest.replace(STRING, ' ');
  rest = rest.replace(GROUPING, (_whole, _keyword: string, names: string) => {
    for (const name of names.split(',').map((entry) => entry.trim())) if (name.length > 0) labels.add(name);
    return ' ';
  });
  // Range and subquery selectors hold durations and Grafana variables, not names.
  rest = rest.replace(/\[[^\]]*\]/g, ' ');
  const metrics = new Set<string>();
  for (const match of rest.matchAll(IDENTIFIER)) {
    const name = match[0];
    const before = rest[match.index - 1];
    // A Grafana variable ($__range) or a number's exponent is no series.
    if (before === '$' || (before !== undefined && /[0-9.]/.test(before))) continue;
    const after = rest.slice(match.index + name.length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue;
    metrics.add(name);
  }
  return { metrics: [...metrics].sort(), labels: [...labels].sort(), matchers };
}

/** Label names a Grafana legend (`{{symbol}} {{timeframe}}`) or an alert annotation (`{{ $labels.kind }}`) prints. */
export function templateLabels(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)) names.add(match[1]);
  for (const match of template.matchAll(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)) names.add(match[1]);
  return [...names].sort();
}
