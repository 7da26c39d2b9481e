// The checks that keep the deployment files (compose, k8s, Dockerfile) in step
// with the code of the market-data service: image, command, environment, ports,
// probes, replayed files, kustomization. Each returns the problems it found,
// every one naming the file and the mismatch; an empty list means they agree.
// Metrics are checked in metric-checks.ts, compose wiring in compose-checks.ts.
import { fileExists, type DeploymentFiles, type JsonObject } from './deployment-files';
import {
  composeArgs,
  composeContainerPorts,
  composeEnvironment,
  composeService,
  documentedSecrets,
  field,
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

/** Compose and k8s run the same feed with the same settings; only connection URLs (credentials, hosts) differ. */
export function checkComposeMatchesK8s(files: DeploymentFiles): string[] {
  const compose = composeMarketData(files).environment;
  const { file, container } = k8sMarketData(files);
  const k8s = k8sContainerEnvironment(files, file, container).values;
  const connection = new Set(['AMQP_URL', 'DATABASE_URL', 'REDIS_URL']);
  const names = [...new Set([...Object.keys(compose), ...Object.keys(k8s)])].filter((name) => !connection.has(name)).sort();
  return names
    .filter((name) => compose[name] !== k8s[name])
    .map((name) => `docker-compose.yml and ${file}: market-data ${name} is ${JSON.stringify(compose[name])} in compose but ${JSON.stringify(k8s[name])} in k8s`);
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

