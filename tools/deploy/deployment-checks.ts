// The checks that keep the deployment files (compose, k8s, Dockerfile) in step
// with each service's code: image, command, environment, ports, probes,
// upstream addresses, kustomization. Each takes one row of the service table
// and returns the problems it found, every one naming the file, the service and
// the mismatch; an empty list means they agree. A row without code facts (a
// service whose code is not merged yet) gets the checks that need none.
// Metrics are checked in metric-checks.ts, compose wiring in compose-checks.ts,
// replicas and autoscalers in scaling-checks.ts.
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
import type { CodeFacts, ServiceShape } from './service-deployment';

export type { CodeFacts } from './service-deployment';

/** A row of the table: its shape, and its code facts once its code is merged. */
export type CheckedService = ServiceShape & { readonly code?: CodeFacts };

export const IMAGE_NAME = 'fx-trading/trading-system';
export const CLI_ENTRYPOINT = ['node', 'apps/cli/bin/trading.js'];
const NODE_UID = 1000;
/** Variables that carry connection URLs: credentials and hosts differ between compose and k8s. */
export const CONNECTION_VARIABLES = new Set(['AMQP_URL', 'DATABASE_URL', 'REDIS_URL']);

export interface Probe {
  readonly file: string;
  readonly path: string;
  readonly what: string;
}

export function composeOf(files: DeploymentFiles, name: string): { service: JsonObject; environment: Record<string, string> } {
  const service = composeService(files, name);
  if (service === undefined) throw new Error(`docker-compose.yml: no "${name}" service`);
  return { service, environment: composeEnvironment(service) };
}

export function k8sOf(files: DeploymentFiles, name: string): { file: string; deployment: JsonObject; container: JsonObject } {
  const deployment = k8sNamed(files, 'Deployment', name);
  if (deployment === undefined) throw new Error(`k8s: no Deployment named "${name}"`);
  const container = k8sContainer(deployment.document, name);
  if (container === undefined) throw new Error(`${deployment.file}: Deployment ${name} has no container named "${name}"`);
  return { file: deployment.file, deployment: deployment.document, container };
}

/** The environment each place runs the service with: compose's, and the k8s container's (ConfigMaps, env, Secret keys). */
export function environmentsOf(files: DeploymentFiles, name: string): [string, Record<string, string>][] {
  const { file, container } = k8sOf(files, name);
  return [
    ['docker-compose.yml', composeOf(files, name).environment],
    [file, k8sContainerEnvironment(files, file, container).values],
  ];
}

/**
 * HTTP_PORT as the service reads it (its default when unset); undefined when
 * the environment would not boot (reported by the environment checks). Without
 * code facts, HTTP_PORT as the files set it.
 */
export function httpPortOf(service: CheckedService, environment: Readonly<Record<string, string>>): number | undefined {
  if (service.code === undefined) {
    const value = environment.HTTP_PORT;
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
  }
  try {
    return service.code.readSettings(environment).httpPort;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- image and command

export function checkImageAndCommand(files: DeploymentFiles, shape: CheckedService): string[] {
  const problems: string[] = [];
  const name = shape.name;
  const version = String(files.packageJson.version);
  const expected = `${IMAGE_NAME}:${version}`;
  const { service } = composeOf(files, name);
  const { file, deployment, container } = k8sOf(files, name);
  const composeImage = stringAt(service, 'image');
  const k8sImage = stringAt(container, 'image');
  if (composeImage !== expected) problems.push(`docker-compose.yml: ${name} image is "${composeImage}", expected "${expected}" (name ${IMAGE_NAME}, tag = package.json version)`);
  if (k8sImage !== expected) problems.push(`${file}: ${name} image is "${k8sImage}", expected "${expected}" (name ${IMAGE_NAME}, tag = package.json version)`);
  if (composeImage !== k8sImage) problems.push(`docker-compose.yml and ${file} run different images for ${name}: "${composeImage}" vs "${k8sImage}"`);

  const args = JSON.stringify(shape.args);
  const composeCommand = composeArgs(service, 'command');
  if (JSON.stringify(composeCommand) !== args) problems.push(`docker-compose.yml: ${name} command is ${JSON.stringify(composeCommand)}, expected ${args}`);
  if (composeArgs(service, 'entrypoint') !== undefined) problems.push(`docker-compose.yml: ${name} overrides the image entrypoint (the \`trading\` CLI)`);
  const k8sArgs = listAt(container, 'args').map(String);
  if (JSON.stringify(k8sArgs) !== args) problems.push(`${file}: ${name} args are ${JSON.stringify(k8sArgs)}, expected ${args}`);
  if (field(container, 'command') !== undefined) problems.push(`${file}: ${name} sets "command", which replaces the image entrypoint (the \`trading\` CLI); use "args"`);

  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(files.dockerfile)?.[1];
  if (entrypoint === undefined || JSON.stringify(JSON.parse(entrypoint)) !== JSON.stringify(CLI_ENTRYPOINT)) {
    problems.push(`Dockerfile: ENTRYPOINT is ${entrypoint ?? 'missing'}, expected ${JSON.stringify(CLI_ENTRYPOINT)}`);
  }
  if (!fileExists(files.root, CLI_ENTRYPOINT[1])) problems.push(`Dockerfile: ENTRYPOINT runs ${CLI_ENTRYPOINT[1]}, which does not exist`);
  // The node base image's `node` user is uid 1000; the pod must run as that user to read /app.
  const user = [...files.dockerfile.matchAll(/^USER\s+(\S+)\s*$/gm)].pop()?.[1];
  if (user !== 'node') problems.push(`Dockerfile: the image runs as ${user ?? 'root'}, expected USER node (uid ${NODE_UID})`);
  const runAsUser = field(deployment, 'spec', 'template', 'spec', 'securityContext', 'runAsUser') ?? field(container, 'securityContext', 'runAsUser');
  if (runAsUser !== NODE_UID) problems.push(`${file}: ${name} runs as uid ${JSON.stringify(runAsUser)}, expected ${NODE_UID} (the image's node user)`);
  if (field(container, 'securityContext', 'readOnlyRootFilesystem') === true) {
    const tmp = listAt(container, 'volumeMounts').some((mount) => stringAt(mount, 'mountPath') === '/tmp');
    if (!tmp) problems.push(`${file}: ${name} has a read-only root filesystem and no volume at /tmp (SWC's transform cache)`);
  }
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

export function checkComposeEnvironment(files: DeploymentFiles, service: CheckedService & { code: CodeFacts }): string[] {
  const { environment } = composeOf(files, service.name);
  const problems = checkEnvironment(`docker-compose.yml (${service.name})`, environment, {}, service.code);
  for (const name of files.composeUndefinedVariables) problems.push(`docker-compose.yml: \${${name}} has no default (compose would substitute an empty string)`);
  return problems;
}

export function checkK8sEnvironment(files: DeploymentFiles, service: CheckedService & { code: CodeFacts }): string[] {
  const { file, container } = k8sOf(files, service.name);
  const environment = k8sContainerEnvironment(files, file, container);
  return [...environment.problems, ...checkEnvironment(`${file} (${service.name})`, environment.values, environment.sources, service.code)];
}

/** Variables the code defaults but a deployment must set (a bus, a database, a broker named). */
export function checkMustSet(files: DeploymentFiles, shape: CheckedService): string[] {
  const problems: string[] = [];
  for (const [where, environment] of environmentsOf(files, shape.name)) {
    for (const name of shape.mustSet) {
      if (environment[name] === undefined || environment[name].trim() === '') problems.push(`${where}: ${shape.name} is deployed without ${name} (the code would fall back to running alone)`);
    }
  }
  return problems;
}

/** Compose and k8s run the service with the same settings; only connection URLs (credentials, hosts) and upstream addresses differ. */
export function checkComposeMatchesK8s(files: DeploymentFiles, shape: CheckedService): string[] {
  const compose = composeOf(files, shape.name).environment;
  const { file, container } = k8sOf(files, shape.name);
  const k8s = k8sContainerEnvironment(files, file, container).values;
  const differing = new Set([...CONNECTION_VARIABLES, ...shape.upstreams.map((upstream) => upstream.variable)]);
  const names = [...new Set([...Object.keys(compose), ...Object.keys(k8s)])].filter((name) => !differing.has(name)).sort();
  return names
    .filter((name) => compose[name] !== k8s[name])
    .map((name) => `docker-compose.yml and ${file}: ${shape.name} ${name} is ${JSON.stringify(compose[name])} in compose but ${JSON.stringify(k8s[name])} in k8s`);
}

// ---------------------------------------------------------------- upstream services

/**
 * A variable holding another service's address reaches that service's HTTP
 * port: in compose the container by name, waited for until healthy; in k8s a
 * Service that selects its pods and forwards to its HTTP port.
 */
export function checkUpstreams(files: DeploymentFiles, shape: CheckedService, upstreamOf: (name: string) => CheckedService | undefined): string[] {
  const problems: string[] = [];
  for (const { variable, service } of shape.upstreams) {
    const upstream = upstreamOf(service);
    if (upstream === undefined) {
      problems.push(`tools/deploy: ${shape.name} names upstream ${service}, which is not in the service table`);
      continue;
    }
    const compose = composeOf(files, shape.name);
    const composeUrl = parseUrl(compose.environment[variable]);
    const upstreamPort = httpPortOf(upstream, composeOf(files, service).environment);
    if (composeUrl === undefined) problems.push(`docker-compose.yml: ${shape.name} ${variable} is ${JSON.stringify(compose.environment[variable])}, not a URL`);
    else {
      if (composeUrl.hostname !== service) problems.push(`docker-compose.yml: ${shape.name} ${variable} points at host "${composeUrl.hostname}", expected the ${service} service`);
      if (urlPort(composeUrl) !== upstreamPort) problems.push(`docker-compose.yml: ${shape.name} ${variable} uses port ${urlPort(composeUrl)}, ${service} listens on HTTP_PORT ${upstreamPort}`);
    }
    const condition = stringAt(compose.service, 'depends_on', service, 'condition');
    if (condition !== 'service_healthy') problems.push(`docker-compose.yml: ${shape.name} does not wait for ${service} to be healthy (depends_on condition ${JSON.stringify(condition)}), which ${variable} points at`);

    const { file, container } = k8sOf(files, shape.name);
    const k8sUrl = parseUrl(k8sContainerEnvironment(files, file, container).values[variable]);
    if (k8sUrl === undefined) {
      problems.push(`${file}: ${shape.name} ${variable} is not set to a URL`);
      continue;
    }
    const serviceName = k8sUrl.hostname.split('.')[0];
    const k8sService = k8sNamed(files, 'Service', serviceName);
    const target = k8sOf(files, service);
    const podLabels = objectAt(target.deployment, 'spec', 'template', 'metadata', 'labels') ?? {};
    const selector = objectAt(k8sService?.document, 'spec', 'selector') ?? {};
    if (k8sService === undefined || Object.keys(selector).length === 0 || !Object.entries(selector).every(([key, value]) => podLabels[key] === value)) {
      problems.push(`${file}: ${shape.name} ${variable} points at host "${k8sUrl.hostname}", which is no Service selecting the ${service} pods`);
      continue;
    }
    const k8sPort = httpPortOf(upstream, k8sContainerEnvironment(files, target.file, target.container).values);
    const port = listAt(k8sService.document, 'spec', 'ports').find((entry) => field(entry, 'port') === urlPort(k8sUrl));
    const forwardsTo = port === undefined ? undefined : resolveContainerPort(target.container, field(port, 'targetPort') ?? field(port, 'port'));
    if (forwardsTo !== k8sPort) problems.push(`${file}: ${shape.name} ${variable} uses port ${urlPort(k8sUrl)} of Service ${serviceName}, which does not forward to ${service}'s HTTP_PORT ${k8sPort}`);
  }
  return problems;
}

function parseUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

// ---------------------------------------------------------------- ports and probes

export function checkPortsAndProbes(files: DeploymentFiles, shape: CheckedService): { problems: string[]; probes: Probe[] } {
  const problems: string[] = [];
  const probes: Probe[] = [];
  const name = shape.name;

  const { service, environment } = composeOf(files, name);
  const composePort = httpPortOf(shape, environment);
  if (composePort !== undefined && !composeContainerPorts(service).includes(composePort)) problems.push(`docker-compose.yml: ${name} publishes container ports ${JSON.stringify(composeContainerPorts(service))}, not HTTP_PORT ${composePort}`);
  if (composePort === undefined) problems.push(`docker-compose.yml: ports not checked, ${name} would not boot with its environment`);
  const healthcheck = listAt(service, 'healthcheck', 'test').map(String).join(' ');
  const url = /https?:\/\/[^/:'"\s]+:(\d+)(\/[^'"\s)]*)/.exec(healthcheck);
  if (url === null) problems.push(`docker-compose.yml: ${name} healthcheck does not request an http://host:port/path URL`);
  else {
    if (Number(url[1]) !== composePort) problems.push(`docker-compose.yml: ${name} healthcheck uses port ${url[1]}, HTTP_PORT is ${composePort}`);
    if (url[2] !== '/health/ready') problems.push(`docker-compose.yml: ${name} healthcheck requests ${url[2]}, expected /health/ready`);
    probes.push({ file: 'docker-compose.yml', path: url[2], what: `${name} healthcheck` });
  }

  const job = listAt(files.prometheus, 'scrape_configs').find((entry) => stringAt(entry, 'job_name') === name);
  if (job === undefined) problems.push(`deploy/prometheus/prometheus.yml: no scrape job "${name}"`);
  else {
    const targets = listAt(job, 'static_configs').flatMap((entry) => listAt(entry, 'targets').map(String));
    if (!targets.includes(`${name}:${composePort}`)) problems.push(`deploy/prometheus/prometheus.yml: job ${name} scrapes ${JSON.stringify(targets)}, expected "${name}:${composePort}" (compose service:HTTP_PORT)`);
    const labelled = listAt(job, 'static_configs').map((entry) => stringAt(entry, 'labels', 'service'));
    if (!labelled.every((label) => label === name)) problems.push(`deploy/prometheus/prometheus.yml: job ${name} labels its targets service=${JSON.stringify(labelled)}, expected "${name}"`);
    probes.push({ file: 'deploy/prometheus/prometheus.yml', path: stringAt(job, 'metrics_path') ?? '/metrics', what: `job ${name} metrics_path` });
  }

  const { file, deployment, container } = k8sOf(files, name);
  const environment8s = k8sContainerEnvironment(files, file, container);
  const k8sPort = httpPortOf(shape, environment8s.values);
  if (k8sPort === undefined) {
    problems.push(`${file}: ports not checked, ${name} would not boot with its environment`);
    return { problems, probes };
  }
  const containerPorts = listAt(container, 'ports').map((entry) => field(entry, 'containerPort'));
  if (!containerPorts.includes(k8sPort)) problems.push(`${file}: ${name} containerPorts ${JSON.stringify(containerPorts)} do not include HTTP_PORT ${k8sPort}`);
  const probeSpecs: [string, string][] = [
    ['readinessProbe', '/health/ready'],
    ['livenessProbe', '/health/live'],
  ];
  for (const [probe, path] of probeSpecs) {
    const httpGet = objectAt(container, probe, 'httpGet');
    if (httpGet === undefined) {
      problems.push(`${file}: ${name} has no ${probe}.httpGet`);
      continue;
    }
    const port = resolveContainerPort(container, httpGet.port);
    if (port !== k8sPort) problems.push(`${file}: ${name} ${probe} port ${JSON.stringify(httpGet.port)} resolves to ${port}, HTTP_PORT is ${k8sPort}`);
    if (httpGet.path !== path) problems.push(`${file}: ${name} ${probe} requests ${JSON.stringify(httpGet.path)}, expected ${path}`);
    probes.push({ file, path: String(httpGet.path), what: `${name} ${probe}` });
  }
  const exposed = [...files.dockerfile.matchAll(/^EXPOSE\s+(.+)$/gm)].flatMap((match) => match[1].trim().split(/\s+/).map((port) => Number(port.split('/')[0])));
  if (!exposed.includes(k8sPort)) problems.push(`Dockerfile: EXPOSE ${JSON.stringify(exposed)} does not include HTTP_PORT ${k8sPort}`);
  const annotations = objectAt(deployment, 'spec', 'template', 'metadata', 'annotations') ?? {};
  if (annotations['prometheus.io/scrape'] !== 'true') problems.push(`${file}: ${name} pod lacks the annotation prometheus.io/scrape: "true"`);
  if (annotations['prometheus.io/port'] !== String(k8sPort)) problems.push(`${file}: ${name} annotation prometheus.io/port is ${JSON.stringify(annotations['prometheus.io/port'])}, HTTP_PORT is ${k8sPort}`);
  probes.push({ file, path: stringAt(annotations, 'prometheus.io/path') ?? '/metrics', what: `${name} annotation prometheus.io/path` });

  const podLabels = objectAt(deployment, 'spec', 'template', 'metadata', 'labels') ?? {};
  const selector = objectAt(deployment, 'spec', 'selector', 'matchLabels') ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (podLabels[key] !== value) problems.push(`${file}: Deployment ${name} selects ${key}=${String(value)}, which its pod template does not carry`);
  }
  // The kubernetes-pods scrape job names the series' service after this label.
  if (podLabels['app.kubernetes.io/name'] !== name) problems.push(`${file}: ${name} pods are labelled app.kubernetes.io/name=${JSON.stringify(podLabels['app.kubernetes.io/name'])}, expected "${name}" (Prometheus's service label)`);
  const services = k8sDocuments(files, 'Service').filter((entry) => {
    const serviceSelector = objectAt(entry.document, 'spec', 'selector') ?? {};
    return Object.keys(serviceSelector).length > 0 && Object.entries(serviceSelector).every(([key, value]) => podLabels[key] === value);
  });
  if (services.length === 0) problems.push(`${file}: no Service selects the ${name} pods`);
  for (const entry of services) {
    const targets = listAt(entry.document, 'spec', 'ports').map((port) => resolveContainerPort(container, field(port, 'targetPort') ?? field(port, 'port')));
    if (!targets.includes(k8sPort)) problems.push(`${entry.file}: Service ${stringAt(entry.document, 'metadata', 'name')} targets ports ${JSON.stringify(targets)}, ${name}'s HTTP_PORT is ${k8sPort}`);
  }
  return { problems, probes };
}

// ---------------------------------------------------------------- the image's contents

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

export function checkKustomization(files: DeploymentFiles, shapes: readonly CheckedService[]): string[] {
  const problems: string[] = [];
  const resources = listAt(files.kustomization, 'resources').map(String);
  const manifests = files.k8sManifestFiles.map((file) => file.slice('k8s/'.length));
  for (const manifest of manifests) if (!resources.includes(manifest)) problems.push(`k8s/kustomization.yaml: resources do not list ${manifest}`);
  for (const resource of resources) if (!manifests.includes(resource)) problems.push(`k8s/kustomization.yaml: lists ${resource}, which is not a manifest in k8s/`);
  for (const shape of shapes) {
    if (!files.k8sManifestFiles.includes(shape.k8sManifest)) problems.push(`${shape.k8sManifest}: missing (the manifest of ${shape.name})`);
    const deployment = k8sNamed(files, 'Deployment', shape.name);
    if (deployment !== undefined && deployment.file !== shape.k8sManifest) problems.push(`${deployment.file}: holds Deployment ${shape.name}, expected in ${shape.k8sManifest}`);
    const configMap = k8sNamed(files, 'ConfigMap', shape.configMap);
    if (configMap === undefined) problems.push(`k8s: no ConfigMap ${shape.configMap} (the settings of ${shape.name})`);
    else if (deployment !== undefined) {
      const container = k8sContainer(deployment.document, shape.name);
      const used = listAt(container, 'envFrom').some((source) => stringAt(source, 'configMapRef', 'name') === shape.configMap);
      if (!used) problems.push(`${deployment.file}: ${shape.name} does not read its ConfigMap ${shape.configMap} (envFrom)`);
    }
  }
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
