// Checks that the PromQL of the alert rules and dashboards reads only series and
// labels the market-data service registers (so renaming a metric or a label in
// the code fails the spec), and that its dashboard shows every metric it has.
import { promqlReferences, templateLabels } from './promql-references';
import type { DeploymentFiles } from './deployment-files';
import { field, listAt, objectAt, stringAt } from './deployment-views';
import type { CodeFacts } from './deployment-checks';

/** Labels Prometheus attaches to every scraped series (target labels). */
const TARGET_LABELS = ['service', 'job', 'instance', 'namespace', 'pod'];
/** Series Prometheus itself writes for every target. */
const PROMETHEUS_SERIES = new Map<string, readonly string[]>([['up', []]]);


interface Expression {
  readonly where: string;
  readonly expr: string;
  /** Legends or annotations printing labels of the result. */
  readonly templates: readonly string[];
}

export function alertExpressions(files: DeploymentFiles): { expressions: Expression[]; problems: string[] } {
  const expressions: Expression[] = [];
  const problems: string[] = [];
  const where = 'deploy/prometheus/alert-rules.yml';
  const groups = listAt(files.alertRules, 'groups');
  if (groups.length === 0) problems.push(`${where}: no rule groups`);
  for (const group of groups) {
    for (const rule of listAt(group, 'rules')) {
      const alert = stringAt(rule, 'alert');
      const expr = stringAt(rule, 'expr');
      const name = `${where} alert ${alert ?? '(unnamed)'}`;
      if (alert === undefined || expr === undefined) {
        problems.push(`${name}: every rule needs "alert" and "expr"`);
        continue;
      }
      const severity = stringAt(rule, 'labels', 'severity');
      if (severity === undefined || !['critical', 'warning', 'info'].includes(severity)) problems.push(`${name}: severity label is ${JSON.stringify(severity)}, expected critical, warning or info`);
      const forDuration = stringAt(rule, 'for');
      if (forDuration !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(forDuration)) problems.push(`${name}: "for: ${forDuration}" is not a Prometheus duration`);
      if (stringAt(rule, 'annotations', 'summary') === undefined) problems.push(`${name}: no annotations.summary`);
      const templates = Object.values(objectAt(rule, 'annotations') ?? {}).map(String);
      expressions.push({ where: name, expr, templates });
    }
  }
  return { expressions, problems };
}

export function dashboardExpressions(files: DeploymentFiles): { expressions: Expression[]; problems: string[] } {
  const expressions: Expression[] = [];
  const problems: string[] = [];
  const datasourceUids = new Set(listAt(files.grafanaDatasources, 'datasources').map((entry) => stringAt(entry, 'uid')));
  for (const [file, dashboard] of files.dashboards) {
    if (stringAt(dashboard, 'uid') === undefined || stringAt(dashboard, 'title') === undefined) problems.push(`${file}: a dashboard needs a uid and a title`);
    const ids = new Set<number>();
    const panels = listAt(dashboard, 'panels').flatMap((panel) => [panel, ...listAt(panel, 'panels')]);
    for (const panel of panels) {
      const title = stringAt(panel, 'title') ?? '(untitled)';
      const id = field(panel, 'id');
      if (typeof id !== 'number' || ids.has(id)) problems.push(`${file}: panel "${title}" has a missing or repeated id ${JSON.stringify(id)}`);
      else ids.add(id);
      if (stringAt(panel, 'type') === 'row') continue;
      const targets = listAt(panel, 'targets');
      if (targets.length === 0) problems.push(`${file}: panel "${title}" has no queries`);
      for (const target of [panel, ...targets]) {
        const uid = stringAt(target, 'datasource', 'uid');
        if (uid !== undefined && !datasourceUids.has(uid)) problems.push(`${file}: panel "${title}" uses datasource uid "${uid}", which is not provisioned (${[...datasourceUids].join(', ')})`);
      }
      for (const target of targets) {
        const expr = stringAt(target, 'expr');
        if (expr === undefined || expr.trim() === '') {
          problems.push(`${file}: panel "${title}" has a query without expr`);
          continue;
        }
        expressions.push({ where: `${file} panel "${title}"`, expr, templates: [stringAt(target, 'legendFormat') ?? ''] });
      }
    }
  }
  return { expressions, problems };
}

/** The market_data_* family a series name belongs to (`…_seconds_bucket` → `…_seconds`). */
function familyOf(name: string, families: readonly string[]): string {
  if (families.includes(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return families.includes(base) ? base : name;
}

export function checkMetricReferences(expressions: readonly Expression[], code: CodeFacts): string[] {
  const problems: string[] = [];
  for (const { where, expr, templates } of expressions) {
    const references = promqlReferences(expr);
    if (references.metrics.length === 0) problems.push(`${where}: no metric in ${JSON.stringify(expr)}`);
    const labels = new Set(TARGET_LABELS);
    for (const metric of references.metrics) {
      if (metric.startsWith('market_data_') && !code.metricNames.includes(familyOf(metric, code.metricNames))) {
        problems.push(`${where}: ${metric} is not in MARKET_DATA_METRIC_NAMES (${code.metricNames.join(', ')})`);
      }
      const series = code.series.get(metric) ?? PROMETHEUS_SERIES.get(metric);
      if (series === undefined) {
        problems.push(`${where}: ${metric} is not a series the ${code.service} service exposes`);
        continue;
      }
      for (const label of series) labels.add(label);
    }
    for (const label of [...references.labels, ...templates.flatMap(templateLabels)]) {
      if (!labels.has(label)) problems.push(`${where}: label "${label}" is not on ${references.metrics.join(', ')} (labels: ${[...labels].sort().join(', ')})`);
    }
    // A matcher on a value the code never sets selects nothing, silently.
    for (const matcher of references.matchers) {
      if (matcher.operator !== '=' && matcher.operator !== '=~') continue;
      // Only plain alternations (`a|b|c`) name values; other regexes are left alone.
      if (matcher.operator === '=~' && !/^[A-Za-z0-9_-]+(\|[A-Za-z0-9_-]+)*$/.test(matcher.value)) continue;
      for (const metric of references.metrics) {
        const allowed = code.labelValues.get(metric)?.get(matcher.label);
        if (allowed === undefined) continue;
        for (const value of matcher.value.split('|')) {
          if (!allowed.includes(value)) problems.push(`${where}: ${metric} never has ${matcher.label}="${value}" (the code sets ${allowed.join(', ')})`);
        }
      }
    }
  }
  return problems;
}

/** Every metric the service registers is on its dashboard, and the name list matches the registry. */
export function checkMetricCoverage(files: DeploymentFiles, code: CodeFacts): string[] {
  const problems: string[] = [];
  const registered = [...code.series.keys()].filter((name) => name.startsWith('market_data_')).map((name) => familyOf(name, code.metricNames));
  for (const name of new Set(registered)) if (!code.metricNames.includes(name)) problems.push(`market-data.metrics.ts: ${name} is registered but missing from MARKET_DATA_METRIC_NAMES`);
  for (const name of code.metricNames) if (!registered.includes(name)) problems.push(`market-data.metrics.ts: ${name} is in MARKET_DATA_METRIC_NAMES but never registered`);
  const file = 'deploy/grafana/dashboards/market-data.json';
  if (!files.dashboards.has(file)) return [...problems, `${file}: missing`];
  const used = new Set(
    dashboardExpressions(files)
      .expressions.filter((expression) => expression.where.startsWith(file))
      .flatMap((expression) => promqlReferences(expression.expr).metrics.map((metric) => familyOf(metric, code.metricNames))),
  );
  for (const name of code.metricNames) if (!used.has(name)) problems.push(`${file}: no panel shows ${name}`);
  return problems;
}
