// Checks that the PromQL of the alert rules and dashboards reads only series and
// labels the services register (so renaming a metric or a label in the code
// fails the spec), with label values the code can set, and that each service's
// dashboard shows every metric it has. RabbitMQ's own per-queue series are
// known too, their queue label checked against deploy/rabbitmq/definitions.json.
import { promqlReferences, templateLabels } from './promql-references';
import type { DeploymentFiles } from './deployment-files';
import { field, listAt, objectAt, stringAt } from './deployment-views';
import { registeredSeries, type CodeFacts, type ServiceDeployment, type ServiceShape } from './service-deployment';

/** Labels Prometheus attaches to every scraped series (target labels). */
const TARGET_LABELS = ['service', 'job', 'instance', 'namespace', 'pod'];
/** Series Prometheus itself writes for every target. */
const PROMETHEUS_SERIES = new Map<string, readonly string[]>([['up', []]]);
/** rabbitmq_prometheus's per-queue series (prometheus.return_per_object_metrics = true). */
const RABBITMQ_QUEUE_SERIES = ['rabbitmq_queue_messages', 'rabbitmq_queue_messages_ready', 'rabbitmq_queue_messages_unacked', 'rabbitmq_queue_consumers'];

/** Every series the checked services and the broker expose, who exposes it, and the label values that are enumerable. */
export interface MetricCatalog {
  readonly series: ReadonlyMap<string, readonly string[]>;
  readonly owners: ReadonlyMap<string, readonly string[]>;
  readonly labelValues: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Each service's metric-name list, with the prefix its names share (a reference with that prefix must be in the list). */
  readonly lists: readonly { readonly service: string; readonly listName: string; readonly prefix: string; readonly names: readonly string[] }[];
  /** Two services registering one name with different labels. */
  readonly problems: readonly string[];
}

export function metricCatalog(files: DeploymentFiles, codes: readonly CodeFacts[]): MetricCatalog {
  const series = new Map<string, readonly string[]>(PROMETHEUS_SERIES);
  const owners = new Map<string, string[]>();
  const labelValues = new Map<string, Map<string, string[]>>();
  const problems: string[] = [];
  for (const code of codes) {
    for (const [name, labels] of code.series) {
      const known = series.get(name);
      if (known !== undefined && owners.has(name) && [...known].sort().join(',') !== [...labels].sort().join(',')) {
        problems.push(`${code.service}: ${name} has labels [${labels.join(', ')}], ${(owners.get(name) ?? []).join(', ')} registers it with [${known.join(', ')}]`);
      }
      series.set(name, labels);
      owners.set(name, [...(owners.get(name) ?? []), code.service]);
    }
    for (const [metric, labels] of code.labelValues) {
      const merged = labelValues.get(metric) ?? new Map<string, string[]>();
      for (const [label, values] of labels) merged.set(label, [...new Set([...(merged.get(label) ?? []), ...values])]);
      labelValues.set(metric, merged);
    }
  }
  const queues = listAt(files.rabbitmqDefinitions, 'queues').map((queue) => stringAt(queue, 'name') ?? '');
  const vhosts = listAt(files.rabbitmqDefinitions, 'vhosts').map((vhost) => stringAt(vhost, 'name') ?? '');
  for (const name of RABBITMQ_QUEUE_SERIES) {
    series.set(name, ['vhost', 'queue']);
    owners.set(name, ['rabbitmq']);
    labelValues.set(name, new Map([['queue', queues], ['vhost', vhosts]]));
  }
  const lists = codes.map((code) => ({ service: code.service, listName: code.metricListName, prefix: sharedPrefix(code.metricNames), names: code.metricNames }));
  return { series, owners, labelValues, lists, problems };
}

/** The `word_` prefix every name of a list shares (`market_data_`), or none. */
function sharedPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('_');
  return cut < 0 ? '' : prefix.slice(0, cut + 1);
}

export interface Expression {
  /** The alert group (`alert-group:<name>`) or dashboard file it is in: what a service's shape claims. */
  readonly source: string;
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
      expressions.push({ source: `alert-group:${stringAt(group, 'name') ?? ''}`, where: name, expr, templates });
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
        expressions.push({ source: file, where: `${file} panel "${title}"`, expr, templates: [stringAt(target, 'legendFormat') ?? ''] });
      }
    }
  }
  return { expressions, problems };
}

/**
 * The expressions the checked services' code can vouch for: those in alert
 * groups and dashboards that no shape claims (shared ones, such as ServiceDown)
 * or that a checked service claims. Files only pending services claim are
 * left out, and returned as such so the spec can say exactly which.
 */
export function expressionsToCheck(expressions: readonly Expression[], checked: readonly ServiceShape[], pending: readonly ServiceShape[]): { expressions: Expression[]; skippedSources: string[] } {
  const claims = (shape: ServiceShape): string[] => [shape.dashboard, ...shape.alertGroups.map((group) => `alert-group:${group}`)];
  const checkedSources = new Set(checked.flatMap(claims));
  const pendingSources = new Set(pending.flatMap(claims).filter((source) => !checkedSources.has(source)));
  return {
    expressions: expressions.filter((expression) => !pendingSources.has(expression.source)),
    skippedSources: [...new Set(expressions.filter((expression) => pendingSources.has(expression.source)).map((expression) => expression.source))].sort(),
  };
}

/** The family a series name belongs to (`…_seconds_bucket` → `…_seconds`). */
function familyOf(name: string, families: readonly string[]): string {
  if (families.includes(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return families.includes(base) ? base : name;
}

export function checkMetricReferences(expressions: readonly Expression[], catalog: MetricCatalog): string[] {
  const problems: string[] = [];
  const services = [...new Set([...catalog.owners.values()].flat())].sort();
  for (const { where, expr, templates } of expressions) {
    const references = promqlReferences(expr);
    if (references.metrics.length === 0) problems.push(`${where}: no metric in ${JSON.stringify(expr)}`);
    const labels = new Set(TARGET_LABELS);
    for (const metric of references.metrics) {
      for (const list of catalog.lists) {
        if (list.prefix !== '' && metric.startsWith(list.prefix) && !list.names.includes(familyOf(metric, list.names))) {
          problems.push(`${where}: ${metric} is not in ${list.listName} (${list.names.join(', ')})`);
        }
      }
      const series = catalog.series.get(metric);
      if (series === undefined) {
        problems.push(`${where}: ${metric} is not a series any checked service exposes (${services.join(', ')})`);
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
      // Only plain alternations of names (`a|b|c`, `risk.inbox.dlq|…`) name values; other regexes are left alone.
      if (matcher.operator === '=~' && !/^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*$/.test(matcher.value)) continue;
      for (const metric of references.metrics) {
        const allowed = catalog.labelValues.get(metric)?.get(matcher.label);
        if (allowed === undefined) continue;
        for (const value of matcher.value.split('|')) {
          if (!allowed.includes(value)) problems.push(`${where}: ${metric} never has ${matcher.label}="${value}" (the code sets ${allowed.join(', ')})`);
        }
      }
    }
  }
  return problems;
}

/** Every metric the service registers is on its dashboard, and its name list matches its registry. */
export function checkMetricCoverage(files: DeploymentFiles, service: ServiceDeployment): string[] {
  const problems: string[] = [];
  const { code } = service;
  const processSeries = new Set(registeredSeries(service.name, () => undefined).keys());
  const registered = [...code.series.keys()].filter((name) => !processSeries.has(name)).map((name) => familyOf(name, code.metricNames));
  for (const name of new Set(registered)) if (!code.metricNames.includes(name)) problems.push(`${service.name}: ${name} is registered but missing from ${code.metricListName}`);
  for (const name of code.metricNames) if (!registered.includes(name)) problems.push(`${service.name}: ${name} is in ${code.metricListName} but never registered`);
  const file = service.dashboard;
  if (!files.dashboards.has(file)) return [...problems, `${file}: missing (the dashboard of ${service.name})`];
  const used = new Set(
    dashboardExpressions(files)
      .expressions.filter((expression) => expression.source === file)
      .flatMap((expression) => promqlReferences(expression.expr).metrics.map((metric) => familyOf(metric, code.metricNames))),
  );
  for (const name of code.metricNames) if (!used.has(name)) problems.push(`${file}: no panel shows ${name} (${service.name})`);
  return problems;
}
