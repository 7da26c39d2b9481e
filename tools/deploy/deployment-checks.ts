// The checks that keep the deployment files (compose, k8s, Prometheus, Grafana,
// RabbitMQ, Dockerfile) in step with the code of the market-data service. Each
// returns the list of problems found, every one naming the file and the
// mismatch; an empty list means the files agree with the code.
import { promqlReferences, templateLabels } from './promql-references';
import { fileExists, type DeploymentFiles, type JsonObject } from './deployment-files';
import {
  composeArgs,
  composeContainerPorts,
  composeDependencyClosure,
  composeEnvironment,
  composeMounts,
  composeService,
  documentedSecrets,
  field,
  hostPathOf,
  k8sContainer,
  k8sContainerEnvironment,
  k8sDocuments,
  k8sNamed,
  listAt,
  objectAt,
  resolveContainerPort,
  stringAt,
  stripDotSlash,
} from './deployment-views';

/** What the code says, gathered by the spec from the real modules. */
export interface CodeFacts {
  readonly service: string;
  /** `marketDataEnvironmentVariables()`. */
  readonly environmentVariables: readonly string[];
  /** Variables the config schema requires and has no default for. */
  readonly requiredVariables: readonly string[];
  /** Loads the service's config from an environment the way it boots; throws the boot error. */
  readonly readSettings: (environment: Readonly<Record<string, string>>) => { readonly httpPort: number; readonly feedFiles: readonly string[] };
  /** `MARKET_DATA_METRIC_NAMES`. */
  readonly metricNames: readonly string[];
  /** Every series name the service's registry exposes (histogram `_bucket`/`_sum`/`_count` included) → its label names. */
  readonly series: ReadonlyMap<string, readonly string[]>;
  /** Series → label → every value the code can give it, where the code enumerates them. */
  readonly labelValues: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

export const IMAGE_NAME = 'fx-trading/trading-system';
export const CONTAINER_ARGS = ['serve', 'market-data'];
export const CLI_ENTRYPOINT = ['node', 'apps/cli/bin/trading.js'];
const NODE_UID = 1000;
/** Labels Prometheus attaches to every scraped series (target labels). */
const TARGET_LABELS = ['service', 'job', 'instance', 'namespace', 'pod'];
/** Series Prometheus itself writes for every target. */
const PROMETHEUS_SERIES = new Map<string, readonly string[]>([['up', []]]);
const SERVICE = 'market-data';

export interface Probe {
  readonly file: string;
  readonly path: string;
  readonly what: string;
}

export function composeMarketData(files: DeploymentFiles): { service: JsonObject; environment: Record<string, string> } {
  const service = composeService(files, SERVICE);
  if (service === undefined) throw new Error(`docker-compose.yml: no "${SERVICE}" service`);
  return { service, environment: composeEnvironment(service) };
}

export function k8sMarketData(files: DeploymentFiles): { file: string; deployment: JsonObject; container: JsonObject } {
  const deployment = k8sNamed(files, 'Deployment', SERVICE);
  if (deployment === undefined) throw new Error(`k8s: no Deployment named "${SERVICE}"`);
  const container = k8sContainer(deployment.document, SERVICE);
  if (container === undefined) throw new Error(`${deployment.file}: Deployment ${SERVICE} has no container named "${SERVICE}"`);
  return { file: deployment.file, deployment: deployment.document, container };
}

// ---------------------------------------------------------------- image and command

export function checkImageAndCommand(files: DeploymentFiles): string[] {
  const problems: string[] = [];
  const version = String(files.packageJson.version);
  const expected = `${IMAGE_NAME}:${version}`;
  const { service } = composeMarketData(files);
  const { file, container } = k8sMarketData(files);
  const composeImage = stringAt(service, 'image');
  const k8sImage = stringAt(container, 'image');
  if (composeImage !== expected) problems.push(`docker-compose.yml: market-data image is "${composeImage}", expected "${expected}" (name ${IMAGE_NAME}, tag = package.json version)`);
  if (k8sImage !== expected) problems.push(`${file}: market-data image is "${k8sImage}", expected "${expected}" (name ${IMAGE_NAME}, tag = package.json version)`);
  if (composeImage !== k8sImage) problems.push(`docker-compose.yml and ${file} run different images: "${composeImage}" vs "${k8sImage}"`);

  const composeCommand = composeArgs(service, 'command');
  if (JSON.stringify(composeCommand) !== JSON.stringify(CONTAINER_ARGS)) {
    problems.push(`docker-compose.yml: market-data command is ${JSON.stringify(composeCommand)}, expected ${JSON.stringify(CONTAINER_ARGS)}`);
  }
  if (composeArgs(service, 'entrypoint') !== undefined) problems.push('docker-compose.yml: market-data overrides the image entrypoint (the `trading` CLI)');
  const k8sArgs = listAt(container, 'args').map(String);
  if (JSON.stringify(k8sArgs) !== JSON.stringify(CONTAINER_ARGS)) problems.push(`${file}: market-data args are ${JSON.stringify(k8sArgs)}, expected ${JSON.stringify(CONTAINER_ARGS)}`);
  if (field(container, 'command') !== undefined) problems.push(`${file}: market-data sets "command", which replaces the image entrypoint (the \`trading\` CLI); use "args"`);

  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(files.dockerfile)?.[1];
  if (entrypoint === undefined || JSON.stringify(JSON.parse(entrypoint)) !== JSON.stringify(CLI_ENTRYPOINT)) {
    problems.push(`Dockerfile: ENTRYPOINT is ${entrypoint ?? 'missing'}, expected ${JSON.stringify(CLI_ENTRYPOINT)}`);
  }
  if (!fileExists(files.root, CLI_ENTRYPOINT[1])) problems.push(`Dockerfile: ENTRYPOINT runs ${CLI_ENTRYPOINT[1]}, which does not exist`);
  // The node base image's `node` user is uid 1000; the pod must run as that user to read /app.
  const user = [...files.dockerfile.matchAll(/^USER\s+(\S+)\s*$/gm)].pop()?.[1];
  if (user !== 'node') problems.push(`Dockerfile: the image runs as ${user ?? 'root'}, expected USER node (uid ${NODE_UID})`);
  const runAsUser = field(k8sMarketData(files).deployment, 'spec', 'template', 'spec', 'securityContext', 'runAsUser') ?? field(container, 'securityContext', 'runAsUser');
  if (runAsUser !== NODE_UID) problems.push(`${file}: market-data runs as uid ${JSON.stringify(runAsUser)}, expected ${NODE_UID} (the image's node user)`);
  return problems;
}

// ---------------------------------------------------------------- environment

function checkEnvironment(where: string, environment: Record<string, string>, sources: Record<string, string>, code: CodeFacts): string[] {
  const problems: string[] = [];
  const known = new Set(code.environmentVariables);
  for (const name of Object.keys(environment).sort()) {
    if (!known.has(name)) problems.push(`${where}: ${name} (from ${sources[name] ?? where}) is not read by ${code.service} (it reads ${[...known].join(', ')})`);
  }
  for (const name of code.requiredVariables) {
    if (environment[name] === undefined || environment[name].trim() === '') problems.push(`${where}: ${name} is required by ${code.service} and not set`);
  }
  try {
    code.readSettings(environment);
  } catch (error) {
    problems.push(`${where}: ${code.service} would not boot with these settings: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

export function checkComposeEnvironment(files: DeploymentFiles, code: CodeFacts): string[] {
  const { environment } = composeMarketData(files);
  const problems = checkEnvironment('docker-compose.yml (market-data)', environment, {}, code);
  for (const name of files.composeUndefinedVariables) problems.push(`docker-compose.yml: \${${name}} has no default (compose would substitute an empty string)`);
  return problems;
}

export function checkK8sEnvironment(files: DeploymentFiles, code: CodeFacts): string[] {
  const { file, container } = k8sMarketData(files);
  const environment = k8sContainerEnvironment(files, file, container);
  return [...environment.problems, ...checkEnvironment(`${file} (market-data)`, environment.values, environment.sources, code)];
}

// ---------------------------------------------------------------- ports and probes

export function checkPortsAndProbes(files: DeploymentFiles, code: CodeFacts): { problems: string[]; probes: Probe[] } {
  const problems: string[] = [];
  const probes: Probe[] = [];

  const { service, environment } = composeMarketData(files);
  const composePort = httpPortOf(code, environment);
  if (composePort !== undefined && !composeContainerPorts(service).includes(composePort)) problems.push(`docker-compose.yml: market-data publishes container ports ${JSON.stringify(composeContainerPorts(service))}, not HTTP_PORT ${composePort}`);
  if (composePort === undefined) problems.push('docker-compose.yml: ports not checked, market-data would not boot with its environment');
  const healthcheck = listAt(service, 'healthcheck', 'test').map(String).join(' ');
  const url = /https?:\/\/[^/:'"\s]+:(\d+)(\/[^'"\s)]*)/.exec(healthcheck);
  if (url === null) problems.push('docker-compose.yml: market-data healthcheck does not request an http://host:port/path URL');
  else {
    if (Number(url[1]) !== composePort) problems.push(`docker-compose.yml: market-data healthcheck uses port ${url[1]}, HTTP_PORT is ${composePort}`);
    if (url[2] !== '/health/ready') problems.push(`docker-compose.yml: market-data healthcheck requests ${url[2]}, expected /health/ready`);
    probes.push({ file: 'docker-compose.yml', path: url[2], what: 'market-data healthcheck' });
  }

  const job = listAt(files.prometheus, 'scrape_configs').find((entry) => stringAt(entry, 'job_name') === SERVICE);
  if (job === undefined) problems.push('deploy/prometheus/prometheus.yml: no scrape job "market-data"');
  else {
    const targets = listAt(job, 'static_configs').flatMap((entry) => listAt(entry, 'targets').map(String));
    if (!targets.includes(`${SERVICE}:${composePort}`)) problems.push(`deploy/prometheus/prometheus.yml: job market-data scrapes ${JSON.stringify(targets)}, expected "market-data:${composePort}" (compose service:HTTP_PORT)`);
    probes.push({ file: 'deploy/prometheus/prometheus.yml', path: stringAt(job, 'metrics_path') ?? '/metrics', what: 'job market-data metrics_path' });
  }

  const { file, deployment, container } = k8sMarketData(files);
  const environment8s = k8sContainerEnvironment(files, file, container);
  const k8sPort = httpPortOf(code, environment8s.values);
  if (k8sPort === undefined) problems.push(`${file}: ports not checked, market-data would not boot with its environment`);
  else {
    const containerPorts = listAt(container, 'ports').map((entry) => field(entry, 'containerPort'));
    if (!containerPorts.includes(k8sPort)) problems.push(`${file}: market-data containerPorts ${JSON.stringify(containerPorts)} do not include HTTP_PORT ${k8sPort}`);
    const probeSpecs: [string, string][] = [
      ['readinessProbe', '/health/ready'],
      ['livenessProbe', '/health/live'],
    ];
    for (const [probe, path] of probeSpecs) {
      const httpGet = objectAt(container, probe, 'httpGet');
      if (httpGet === undefined) {
        problems.push(`${file}: market-data has no ${probe}.httpGet`);
        continue;
      }
      const port = resolveContainerPort(container, httpGet.port);
      if (port !== k8sPort) problems.push(`${file}: market-data ${probe} port ${JSON.stringify(httpGet.port)} resolves to ${port}, HTTP_PORT is ${k8sPort}`);
      if (httpGet.path !== path) problems.push(`${file}: market-data ${probe} requests ${JSON.stringify(httpGet.path)}, expected ${path}`);
      probes.push({ file, path: String(httpGet.path), what: `market-data ${probe}` });
    }
    const exposed = [...files.dockerfile.matchAll(/^EXPOSE\s+(.+)$/gm)].flatMap((match) => match[1].trim().split(/\s+/).map((port) => Number(port.split('/')[0])));
    if (!exposed.includes(k8sPort)) problems.push(`Dockerfile: EXPOSE ${JSON.stringify(exposed)} does not include HTTP_PORT ${k8sPort}`);
    const annotations = objectAt(deployment, 'spec', 'template', 'metadata', 'annotations') ?? {};
    if (annotations['prometheus.io/scrape'] !== 'true') problems.push(`${file}: market-data pod lacks the annotation prometheus.io/scrape: "true"`);
    if (annotations['prometheus.io/port'] !== String(k8sPort)) problems.push(`${file}: annotation prometheus.io/port is ${JSON.stringify(annotations['prometheus.io/port'])}, HTTP_PORT is ${k8sPort}`);
    probes.push({ file, path: stringAt(annotations, 'prometheus.io/path') ?? '/metrics', what: 'annotation prometheus.io/path' });

    const podLabels = objectAt(deployment, 'spec', 'template', 'metadata', 'labels') ?? {};
    const selector = objectAt(deployment, 'spec', 'selector', 'matchLabels') ?? {};
    for (const [key, value] of Object.entries(selector)) {
      if (podLabels[key] !== value) problems.push(`${file}: Deployment market-data selects ${key}=${String(value)}, which its pod template does not carry`);
    }
    const services = k8sDocuments(files, 'Service').filter((entry) => {
      const serviceSelector = objectAt(entry.document, 'spec', 'selector') ?? {};
      return Object.keys(serviceSelector).length > 0 && Object.entries(serviceSelector).every(([key, value]) => podLabels[key] === value);
    });
    if (services.length === 0) problems.push(`${file}: no Service selects the market-data pods`);
    for (const entry of services) {
      const targets = listAt(entry.document, 'spec', 'ports').map((port) => resolveContainerPort(container, field(port, 'targetPort') ?? field(port, 'port')));
      if (!targets.includes(k8sPort)) problems.push(`${entry.file}: Service ${stringAt(entry.document, 'metadata', 'name')} targets ports ${JSON.stringify(targets)}, HTTP_PORT is ${k8sPort}`);
    }
  }
  return { problems, probes };
}

/** HTTP_PORT as the service reads it (its default when unset); undefined when the environment would not boot (reported by the environment checks). */
function httpPortOf(code: CodeFacts, environment: Readonly<Record<string, string>>): number | undefined {
  try {
    return code.readSettings(environment).httpPort;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- feed files and the image's contents

export function checkFeedFiles(files: DeploymentFiles, code: CodeFacts): string[] {
  const problems: string[] = [];
  const copied = dockerCopies(files.dockerfile);
  const workdir = /^WORKDIR\s+(\S+)\s*$/m.exec(files.dockerfile)?.[1];
  const environments: [string, Record<string, string>][] = [['docker-compose.yml', composeMarketData(files).environment]];
  const { file, container } = k8sMarketData(files);
  environments.push([file, k8sContainerEnvironment(files, file, container).values]);
  for (const [where, environment] of environments) {
    let feedFiles: readonly string[];
    try {
      feedFiles = code.readSettings(environment).feedFiles;
    } catch {
      continue; // reported by the environment checks
    }
    for (const path of feedFiles) {
      if (path.startsWith('/')) {
        problems.push(`${where}: MARKET_DATA_FILES entry ${path} is absolute; use a path relative to the image's WORKDIR (${workdir ?? 'unset'}), checked against the repository`);
        continue;
      }
      if (!fileExists(files.root, path)) problems.push(`${where}: MARKET_DATA_FILES entry ${path} does not exist in the repository`);
      const top = path.split('/')[0];
      if (!copied.includes(top)) problems.push(`${where}: MARKET_DATA_FILES entry ${path} is not in the image (the Dockerfile copies ${copied.join(', ')})`);
      if (files.dockerignore.some((pattern) => stripDotSlash(pattern).replace(/\/$/, '') === top)) problems.push(`.dockerignore excludes ${top}/, which MARKET_DATA_FILES (${where}) reads`);
    }
  }
  if (workdir !== '/app') problems.push(`Dockerfile: WORKDIR is ${workdir ?? 'unset'}; MARKET_DATA_FILES paths are relative to /app`);
  return problems;
}

/** Top-level repository paths the Dockerfile copies to the same relative place under WORKDIR. */
export function dockerCopies(dockerfile: string): string[] {
  const copied: string[] = [];
  for (const match of dockerfile.matchAll(/^COPY\s+(?!--from)(.+)$/gm)) {
    const parts = match[1].trim().split(/\s+/).filter((part) => !part.startsWith('--'));
    const destination = parts.pop() as string;
    for (const source of parts) {
      const name = stripDotSlash(source).replace(/\/$/, '');
      const target = stripDotSlash(destination).replace(/\/$/, '');
      if (target === name || target === '.' || target === '') copied.push(name);
    }
  }
  return copied;
}

// ---------------------------------------------------------------- metrics in alerts and dashboards

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

// ---------------------------------------------------------------- compose wiring

export function checkComposeWiring(files: DeploymentFiles): string[] {
  const problems: string[] = [];
  const services = objectAt(files.compose, 'services') ?? {};
  const namedVolumes = Object.keys(objectAt(files.compose, 'volumes') ?? {});
  for (const [name, service] of Object.entries(services)) {
    for (const mount of composeMounts(service as JsonObject)) {
      if (mount.bind && !fileExists(files.root, stripDotSlash(mount.source))) problems.push(`docker-compose.yml: service ${name} mounts ${mount.source}, which does not exist`);
      if (!mount.bind && !namedVolumes.includes(mount.source)) problems.push(`docker-compose.yml: service ${name} uses volume ${mount.source}, which is not declared under volumes:`);
    }
    for (const dependency of composeDependencyClosure(files, name)) if (services[dependency] === undefined) problems.push(`docker-compose.yml: service ${name} depends on ${dependency}, which is not a service`);
  }

  const { environment } = composeMarketData(files);
  const waitsFor = composeDependencyClosure(files, SERVICE);
  for (const variable of ['AMQP_URL', 'DATABASE_URL', 'REDIS_URL']) {
    const value = environment[variable];
    if (value === undefined) continue;
    const host = new URL(value).hostname;
    if (services[host] === undefined) problems.push(`docker-compose.yml: market-data ${variable} points at host "${host}", which is not a compose service`);
    else if (!waitsFor.has(host)) problems.push(`docker-compose.yml: market-data does not wait (depends_on) for ${host}, which ${variable} points at`);
  }
  problems.push(...checkRabbitmq(files, environment), ...checkPostgres(files, environment));

  const prometheus = composeService(files, 'prometheus');
  if (prometheus === undefined) problems.push('docker-compose.yml: no prometheus service');
  else {
    if (hostPathOf(prometheus, '/etc/prometheus/prometheus.yml') !== 'deploy/prometheus/prometheus.yml') problems.push('docker-compose.yml: prometheus does not mount deploy/prometheus/prometheus.yml at /etc/prometheus/prometheus.yml');
    for (const ruleFile of listAt(files.prometheus, 'rule_files').map(String)) {
      const host = hostPathOf(prometheus, ruleFile);
      if (host === undefined || !fileExists(files.root, host)) problems.push(`deploy/prometheus/prometheus.yml: rule file ${ruleFile} is not mounted from a repository file by docker-compose.yml`);
    }
  }
  problems.push(...checkGrafana(files));
  return problems;
}

function checkRabbitmq(files: DeploymentFiles, environment: Record<string, string>): string[] {
  const problems: string[] = [];
  const conf = 'deploy/rabbitmq/rabbitmq.conf';
  for (const plugin of ['rabbitmq_management', 'rabbitmq_consistent_hash_exchange', 'rabbitmq_prometheus']) {
    if (!files.rabbitmqPlugins.includes(plugin)) problems.push(`deploy/rabbitmq/enabled_plugins: ${plugin} is not enabled`);
  }
  for (const key of files.rabbitmqConf.keys()) if (/pass|default_user/i.test(key)) problems.push(`${conf}: ${key} puts a credential in the repository`);

  const rabbitmq = composeService(files, 'rabbitmq');
  if (rabbitmq === undefined) return [...problems, 'docker-compose.yml: no rabbitmq service'];
  const rabbitEnvironment = composeEnvironment(rabbitmq);
  const amqp = environment.AMQP_URL === undefined ? undefined : new URL(environment.AMQP_URL);
  const users = listAt(files.rabbitmqDefinitions, 'users').map((user) => stringAt(user, 'name'));
  const loadsAtBoot = files.rabbitmqConf.has('load_definitions');
  if (amqp !== undefined) {
    const user = decodeURIComponent(amqp.username);
    if (loadsAtBoot && !users.includes(user)) {
      problems.push(`${conf}: load_definitions at boot skips RabbitMQ's default user, and deploy/rabbitmq/definitions.json defines no user "${user}" (AMQP_URL's)`);
    }
    if (!loadsAtBoot && (rabbitEnvironment.RABBITMQ_DEFAULT_USER !== user || rabbitEnvironment.RABBITMQ_DEFAULT_PASS !== decodeURIComponent(amqp.password))) {
      problems.push('docker-compose.yml: market-data AMQP_URL credentials differ from rabbitmq RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS');
    }
    const amqpPort = amqp.port === '' ? '5672' : amqp.port;
    if ((files.rabbitmqConf.get('listeners.tcp.default') ?? '5672') !== amqpPort) problems.push(`${conf}: listeners.tcp.default is not AMQP_URL's port ${amqpPort}`);
    const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
    const vhosts = listAt(files.rabbitmqDefinitions, 'vhosts').map((entry) => stringAt(entry, 'name'));
    if (!vhosts.includes(vhost)) problems.push(`deploy/rabbitmq/definitions.json: no vhost "${vhost}" (AMQP_URL's)`);
  }
  for (const mount of composeMounts(rabbitmq).filter((entry) => entry.bind)) {
    if (mount.target.startsWith('/etc/rabbitmq/conf.d/') && stripDotSlash(mount.source) !== conf) problems.push(`docker-compose.yml: rabbitmq mounts ${mount.source} as config, expected ${conf}`);
  }
  if (hostPathOf(rabbitmq, '/etc/rabbitmq/enabled_plugins') !== 'deploy/rabbitmq/enabled_plugins') problems.push('docker-compose.yml: rabbitmq does not mount deploy/rabbitmq/enabled_plugins at /etc/rabbitmq/enabled_plugins');
  if (!composeMounts(rabbitmq).some((mount) => mount.target.startsWith('/etc/rabbitmq/conf.d/') && stripDotSlash(mount.source) === conf)) problems.push(`docker-compose.yml: rabbitmq does not mount ${conf} into /etc/rabbitmq/conf.d/`);

  // The topology reaches the node either at boot or through the one-shot importer.
  const managementPort = files.rabbitmqConf.get('management.tcp.port') ?? '15672';
  if (loadsAtBoot) {
    const path = files.rabbitmqConf.get('load_definitions') as string;
    if (hostPathOf(rabbitmq, path) !== 'deploy/rabbitmq/definitions.json') problems.push(`${conf}: load_definitions = ${path}, which docker-compose.yml does not mount from deploy/rabbitmq/definitions.json`);
  } else {
    const importer = composeService(files, 'rabbitmq-definitions');
    if (importer === undefined) problems.push(`docker-compose.yml: ${conf} does not load definitions at boot and no rabbitmq-definitions service imports them`);
    else {
      const args = composeArgs(importer, 'entrypoint') ?? composeArgs(importer, 'command') ?? [];
      const option = (name: string): string | undefined => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
      const definitionsPath = args[args.length - 1];
      if (hostPathOf(importer, definitionsPath) !== 'deploy/rabbitmq/definitions.json') problems.push(`docker-compose.yml: rabbitmq-definitions imports ${definitionsPath}, which is not mounted from deploy/rabbitmq/definitions.json`);
      if (option('host') !== 'rabbitmq' || option('port') !== managementPort) problems.push(`docker-compose.yml: rabbitmq-definitions talks to ${option('host')}:${option('port')}, expected rabbitmq:${managementPort} (management.tcp.port)`);
      if (option('username') !== rabbitEnvironment.RABBITMQ_DEFAULT_USER || option('password') !== rabbitEnvironment.RABBITMQ_DEFAULT_PASS) problems.push('docker-compose.yml: rabbitmq-definitions logs in with other credentials than RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS');
      if (!composeDependencyClosure(files, 'rabbitmq-definitions').has('rabbitmq')) problems.push('docker-compose.yml: rabbitmq-definitions does not wait for rabbitmq');
      if (!composeDependencyClosure(files, SERVICE).has('rabbitmq-definitions')) problems.push('docker-compose.yml: market-data starts before rabbitmq-definitions imported the topology (bars published before a consumer exists would be dropped)');
    }
  }
  if (!composeContainerPorts(rabbitmq).includes(Number(managementPort))) problems.push(`docker-compose.yml: rabbitmq does not publish the management port ${managementPort}`);

  const job = listAt(files.prometheus, 'scrape_configs').find((entry) => stringAt(entry, 'job_name') === 'rabbitmq');
  const prometheusPort = files.rabbitmqConf.get('prometheus.tcp.port') ?? '15692';
  const targets = listAt(job, 'static_configs').flatMap((entry) => listAt(entry, 'targets').map(String));
  if (!targets.includes(`rabbitmq:${prometheusPort}`)) problems.push(`deploy/prometheus/prometheus.yml: no rabbitmq job scraping rabbitmq:${prometheusPort} (prometheus.tcp.port)`);
  return problems;
}

function checkPostgres(files: DeploymentFiles, environment: Record<string, string>): string[] {
  if (environment.DATABASE_URL === undefined) return [];
  const postgres = composeService(files, 'postgres');
  if (postgres === undefined) return ['docker-compose.yml: DATABASE_URL is set but there is no postgres service'];
  const url = new URL(environment.DATABASE_URL);
  const settings = composeEnvironment(postgres);
  const problems: string[] = [];
  if (decodeURIComponent(url.username) !== settings.POSTGRES_USER || decodeURIComponent(url.password) !== settings.POSTGRES_PASSWORD) problems.push('docker-compose.yml: market-data DATABASE_URL credentials differ from postgres POSTGRES_USER/POSTGRES_PASSWORD');
  if (url.pathname.slice(1) !== settings.POSTGRES_DB) problems.push(`docker-compose.yml: DATABASE_URL names database "${url.pathname.slice(1)}", postgres creates "${settings.POSTGRES_DB}"`);
  return problems;
}

function checkGrafana(files: DeploymentFiles): string[] {
  const problems: string[] = [];
  const grafana = composeService(files, 'grafana');
  if (grafana === undefined) return ['docker-compose.yml: no grafana service'];
  if (hostPathOf(grafana, '/etc/grafana/provisioning') !== 'deploy/grafana/provisioning') problems.push('docker-compose.yml: grafana does not mount deploy/grafana/provisioning at /etc/grafana/provisioning');
  for (const provider of listAt(files.grafanaDashboardProviders, 'providers')) {
    const path = stringAt(provider, 'options', 'path');
    if (path === undefined || hostPathOf(grafana, path) !== 'deploy/grafana/dashboards') problems.push(`deploy/grafana/provisioning/dashboards/trading.yml: provider path ${path} is not where docker-compose.yml mounts deploy/grafana/dashboards`);
  }
  const home = composeEnvironment(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
  if (home !== undefined) {
    const host = hostPathOf(grafana, home);
    if (host === undefined || !fileExists(files.root, host)) problems.push(`docker-compose.yml: GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ${home} is not a mounted repository file`);
  }
  for (const datasource of listAt(files.grafanaDatasources, 'datasources')) {
    const url = new URL(stringAt(datasource, 'url') ?? 'http://invalid');
    const target = composeService(files, url.hostname);
    if (target === undefined || !composeContainerPorts(target).includes(Number(url.port))) problems.push(`deploy/grafana/provisioning/datasources/prometheus.yml: datasource url ${url.href} is not a compose service port`);
  }
  return problems;
}

// ---------------------------------------------------------------- kubernetes wiring

export function checkKustomization(files: DeploymentFiles): string[] {
  const problems: string[] = [];
  const resources = listAt(files.kustomization, 'resources').map(String);
  const manifests = files.k8sManifestFiles.map((file) => file.slice('k8s/'.length));
  for (const manifest of manifests) if (!resources.includes(manifest)) problems.push(`k8s/kustomization.yaml: resources do not list ${manifest}`);
  for (const resource of resources) if (!manifests.includes(resource)) problems.push(`k8s/kustomization.yaml: lists ${resource}, which is not a manifest in k8s/`);
  const namespace = stringAt(files.kustomization, 'namespace');
  for (const { file, document } of files.k8s) {
    const own = stringAt(document, 'metadata', 'namespace');
    if (document.kind !== 'Namespace' && own !== undefined && own !== namespace) problems.push(`${file}: ${String(document.kind)} ${stringAt(document, 'metadata', 'name')} is in namespace ${own}, kustomization uses ${namespace}`);
  }
  if (namespace !== undefined && k8sNamed(files, 'Namespace', namespace) === undefined) problems.push(`k8s: no manifest creates the namespace ${namespace}`);
  const documented = documentedSecrets(files.k8sReadme);
  for (const { file, document } of files.k8s) {
    for (const container of listAt(document, 'spec', 'template', 'spec', 'containers')) {
      for (const entry of listAt(container, 'env')) {
        const secret = stringAt(entry, 'valueFrom', 'secretKeyRef', 'name');
        if (secret !== undefined && !documented.has(secret)) problems.push(`${file}: Secret ${secret} is referenced but k8s/README.md does not show how to create it`);
      }
    }
  }
  return problems;
}

/** Packages that non-test sources import at run time (type-only imports are erased). */
export function runtimeImports(source: string): string[] {
  const names = new Set<string>();
  const code = source.replace(/^\s*\/\/.*$/gm, '');
  const patterns = [/^\s*import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm, /^\s*export\s+(?!type\s)[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) names.add(match[1]);
  return [...names]
    .filter((name) => !name.startsWith('.') && !name.startsWith('node:'))
    .map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]))
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
}

