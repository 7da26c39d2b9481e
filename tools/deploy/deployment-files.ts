// Reads and parses every deployment file of the repository (compose, k8s,
// Prometheus, Grafana, RabbitMQ, Dockerfile) into one plain object that the
// checks in deployment-checks.ts compare with the code. Parsing is strict: a
// syntax error names the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface K8sDocument {
  readonly file: string;
  readonly document: JsonObject;
}

export interface DeploymentFiles {
  readonly root: string;
  /** docker-compose.yml with `${VAR:-default}` interpolated from its defaults, as `docker compose` does without a `.env`. */
  readonly compose: JsonObject;
  /** Variables the compose file interpolates without a default (compose would leave them empty). */
  readonly composeUndefinedVariables: readonly string[];
  readonly k8s: readonly K8sDocument[];
  readonly kustomization: JsonObject;
  /** Every `*.yaml` / `*.yml` in k8s/ except kustomization.yaml. */
  readonly k8sManifestFiles: readonly string[];
  readonly k8sReadme: string;
  readonly prometheus: JsonObject;
  readonly alertRules: JsonObject;
  readonly dashboards: ReadonlyMap<string, JsonObject>;
  readonly grafanaDatasources: JsonObject;
  readonly grafanaDashboardProviders: JsonObject;
  /** `key = value` lines of deploy/rabbitmq/rabbitmq.conf. */
  readonly rabbitmqConf: ReadonlyMap<string, string>;
  readonly rabbitmqPlugins: readonly string[];
  readonly rabbitmqDefinitions: JsonObject;
  readonly dockerfile: string;
  readonly dockerignore: readonly string[];
  readonly packageJson: JsonObject;
}

export const DEPLOYMENT_FILES = {
  compose: 'docker-compose.yml',
  k8sDir: 'k8s',
  kustomization: 'k8s/kustomization.yaml',
  k8sReadme: 'k8s/README.md',
  prometheus: 'deploy/prometheus/prometheus.yml',
  alertRules: 'deploy/prometheus/alert-rules.yml',
  dashboardsDir: 'deploy/grafana/dashboards',
  grafanaDatasources: 'deploy/grafana/provisioning/datasources/prometheus.yml',
  grafanaDashboardProviders: 'deploy/grafana/provisioning/dashboards/trading.yml',
  rabbitmqConf: 'deploy/rabbitmq/rabbitmq.conf',
  rabbitmqPlugins: 'deploy/rabbitmq/enabled_plugins',
  rabbitmqDefinitions: 'deploy/rabbitmq/definitions.json',
  dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
} as const;

export function readDeploymentFiles(root: string): DeploymentFiles {
  const text = (file: string): string => readFileSync(join(root, file), 'utf8');
  const composeRaw = parseYaml(DEPLOYMENT_FILES.compose, text(DEPLOYMENT_FILES.compose));
  const undefinedVariables = new Set<string>();
  const compose = asObject(DEPLOYMENT_FILES.compose, interpolate(composeRaw, {}, undefinedVariables));
  const manifestFiles = readdirSync(join(root, DEPLOYMENT_FILES.k8sDir))
    .filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml')
    .sort();
  const k8s = manifestFiles.flatMap((name) => parseK8sFile(`${DEPLOYMENT_FILES.k8sDir}/${name}`, text(`${DEPLOYMENT_FILES.k8sDir}/${name}`)));
  const dashboards = new Map<string, JsonObject>();
  for (const name of readdirSync(join(root, DEPLOYMENT_FILES.dashboardsDir)).filter((entry) => entry.endsWith('.json')).sort()) {
    const file = `${DEPLOYMENT_FILES.dashboardsDir}/${name}`;
    dashboards.set(file, asObject(file, parseJson(file, text(file))));
  }
  return {
    root,
    compose,
    composeUndefinedVariables: [...undefinedVariables].sort(),
    k8s,
    kustomization: asObject(DEPLOYMENT_FILES.kustomization, parseYaml(DEPLOYMENT_FILES.kustomization, text(DEPLOYMENT_FILES.kustomization))),
    k8sManifestFiles: manifestFiles.map((name) => `${DEPLOYMENT_FILES.k8sDir}/${name}`),
    k8sReadme: text(DEPLOYMENT_FILES.k8sReadme),
    prometheus: asObject(DEPLOYMENT_FILES.prometheus, parseYaml(DEPLOYMENT_FILES.prometheus, text(DEPLOYMENT_FILES.prometheus))),
    alertRules: asObject(DEPLOYMENT_FILES.alertRules, parseYaml(DEPLOYMENT_FILES.alertRules, text(DEPLOYMENT_FILES.alertRules))),
    dashboards,
    grafanaDatasources: asObject(DEPLOYMENT_FILES.grafanaDatasources, parseYaml(DEPLOYMENT_FILES.grafanaDatasources, text(DEPLOYMENT_FILES.grafanaDatasources))),
    grafanaDashboardProviders: asObject(
      DEPLOYMENT_FILES.grafanaDashboardProviders,
      parseYaml(DEPLOYMENT_FILES.grafanaDashboardProviders, text(DEPLOYMENT_FILES.grafanaDashboardProviders)),
    ),
    rabbitmqConf: parseRabbitmqConf(DEPLOYMENT_FILES.rabbitmqConf, text(DEPLOYMENT_FILES.rabbitmqConf)),
    rabbitmqPlugins: parseEnabledPlugins(DEPLOYMENT_FILES.rabbitmqPlugins, text(DEPLOYMENT_FILES.rabbitmqPlugins)),
    rabbitmqDefinitions: asObject(DEPLOYMENT_FILES.rabbitmqDefinitions, parseJson(DEPLOYMENT_FILES.rabbitmqDefinitions, text(DEPLOYMENT_FILES.rabbitmqDefinitions))),
    dockerfile: text(DEPLOYMENT_FILES.dockerfile),
    dockerignore: text(DEPLOYMENT_FILES.dockerignore)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
    packageJson: asObject('package.json', parseJson('package.json', text('package.json'))),
  };
}

export function fileExists(root: string, file: string): boolean {
  return existsSync(join(root, file));
}

function parseYaml(file: string, source: string): Json {
  try {
    // `merge` resolves `<<: *anchor`, which compose files use for shared settings.
    return parse(source, { merge: true, prettyErrors: true, uniqueKeys: true }) as Json;
  } catch (error) {
    throw new Error(`${file}: invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseK8sFile(file: string, source: string): K8sDocument[] {
  const documents = parseAllDocuments(source, { prettyErrors: true, uniqueKeys: true });
  if (!Array.isArray(documents)) throw new Error(`${file}: not a YAML stream`);
  return documents.flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${file}: invalid YAML in document ${index + 1}: ${document.errors[0].message}`);
    const value = document.toJS() as Json;
    if (value === null) return [];
    return [{ file, document: asObject(`${file} (document ${index + 1})`, value) }];
  });
}

function parseJson(file: string, source: string): Json {
  try {
    return JSON.parse(source) as Json;
  } catch (error) {
    throw new Error(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** RabbitMQ's sysctl-like format: `key = value`, `#` comments. */
export function parseRabbitmqConf(file: string, source: string): Map<string, string> {
  const settings = new Map<string, string>();
  source.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const match = /^([a-z0-9_.$-]+)\s*=\s*(\S.*)$/i.exec(line);
    if (!match) throw new Error(`${file}:${index + 1}: expected "key = value", got "${line}"`);
    if (settings.has(match[1])) throw new Error(`${file}:${index + 1}: ${match[1]} is set twice`);
    settings.set(match[1], match[2].trim());
  });
  return settings;
}

/** An Erlang list term: `[plugin_a,plugin_b].` */
export function parseEnabledPlugins(file: string, source: string): string[] {
  const match = /^\s*\[([a-z0-9_,\s]*)\]\s*\.\s*$/.exec(source);
  if (!match) throw new Error(`${file}: expected an Erlang list of plugin names ending with "].", got ${JSON.stringify(source.trim())}`);
  return match[1]
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`; `$$` is a literal `$`. */
export function interpolate(value: Json, environment: Readonly<Record<string, string>>, undefinedVariables: Set<string>): Json {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, operator?: string, fallback?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare) as string;
      const set = environment[name];
      if (operator === ':-') return set !== undefined && set !== '' ? set : (fallback ?? '');
      if (operator === '-') return set ?? fallback ?? '';
      if (set === undefined) undefinedVariables.add(name);
      return set ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, environment, undefinedVariables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, environment, undefinedVariables)]));
  }
  return value;
}

export function asObject(where: string, value: Json | undefined): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected a mapping`);
  return value;
}
