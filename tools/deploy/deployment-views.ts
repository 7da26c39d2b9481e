// Typed views over the parsed deployment files: one compose service, one k8s
// container with the environment it really gets (ConfigMaps through envFrom,
// env values, Secret keys), ports resolved by name. The checks read these.
import type { DeploymentFiles, Json, JsonObject, K8sDocument } from './deployment-files';

export function field(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? (typeof key === 'number' ? current[key] : undefined) : (current as JsonObject)[String(key)];
  }
  return current;
}

export function objectAt(value: Json | undefined, ...path: (string | number)[]): JsonObject | undefined {
  const found = field(value, ...path);
  return found !== null && typeof found === 'object' && !Array.isArray(found) ? found : undefined;
}

export function listAt(value: Json | undefined, ...path: (string | number)[]): Json[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? found : [];
}

export function stringAt(value: Json | undefined, ...path: (string | number)[]): string | undefined {
  const found = field(value, ...path);
  return typeof found === 'string' ? found : typeof found === 'number' ? String(found) : undefined;
}

// ---------------------------------------------------------------- compose

export function composeService(files: DeploymentFiles, name: string): JsonObject | undefined {
  return objectAt(files.compose, 'services', name);
}

/** A service's `environment`, in either of compose's two forms (mapping or `KEY=value` list). */
export function composeEnvironment(service: JsonObject): Record<string, string> {
  const environment = field(service, 'environment');
  const result: Record<string, string> = {};
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      const text = String(entry);
      const equals = text.indexOf('=');
      if (equals > 0) result[text.slice(0, equals)] = text.slice(equals + 1);
    }
  } else if (environment !== null && typeof environment === 'object') {
    for (const [key, value] of Object.entries(environment)) result[key] = value === null ? '' : String(value);
  }
  return result;
}

/** `command`/`entrypoint` as an argument list (compose accepts a string or a list). */
export function composeArgs(service: JsonObject, key: 'command' | 'entrypoint'): string[] | undefined {
  const value = field(service, key);
  if (typeof value === 'string') return value.split(/\s+/).filter((part) => part.length > 0);
  if (Array.isArray(value)) return value.map(String);
  return undefined;
}

export interface ComposeMount {
  readonly source: string;
  readonly target: string;
  /** A host path (`./deploy/...`), not a named volume. */
  readonly bind: boolean;
}

export function composeMounts(service: JsonObject): ComposeMount[] {
  return listAt(service, 'volumes').flatMap((entry): ComposeMount[] => {
    if (typeof entry === 'string') {
      const [source, target] = entry.split(':');
      if (target === undefined) return [];
      return [{ source, target, bind: /^(\.{1,2}\/|\/)/.test(source) }];
    }
    const source = stringAt(entry, 'source');
    const target = stringAt(entry, 'target');
    if (source === undefined || target === undefined) return [];
    return [{ source, target, bind: stringAt(entry, 'type') === 'bind' }];
  });
}

/** Container-side ports a service publishes (`"9464:9464"`, `"9464"`, or the long form). */
export function composeContainerPorts(service: JsonObject): number[] {
  return listAt(service, 'ports').flatMap((entry) => {
    if (typeof entry === 'number') return [entry];
    if (typeof entry === 'string') return [Number(entry.split('/')[0].split(':').pop())];
    const target = field(entry, 'target');
    return typeof target === 'number' ? [target] : [];
  });
}

export function composeDependencies(service: JsonObject): string[] {
  const dependsOn = field(service, 'depends_on');
  if (Array.isArray(dependsOn)) return dependsOn.map(String);
  return dependsOn !== null && typeof dependsOn === 'object' ? Object.keys(dependsOn) : [];
}

/** Every service `name` waits for, directly or through the services it waits for. */
export function composeDependencyClosure(files: DeploymentFiles, name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (current: string): void => {
    const service = composeService(files, current);
    if (service === undefined) return;
    for (const dependency of composeDependencies(service)) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      visit(dependency);
    }
  };
  visit(name);
  return seen;
}

/** The repository file a container path comes from, through the service's bind mounts. */
export function hostPathOf(service: JsonObject, containerPath: string): string | undefined {
  for (const mount of composeMounts(service)) {
    if (!mount.bind) continue;
    if (containerPath === mount.target) return stripDotSlash(mount.source);
    if (containerPath.startsWith(`${mount.target}/`)) return `${stripDotSlash(mount.source)}${containerPath.slice(mount.target.length)}`;
  }
  return undefined;
}

export function stripDotSlash(path: string): string {
  return path.replace(/^\.\//, '');
}

// ---------------------------------------------------------------- kubernetes

export function k8sDocuments(files: DeploymentFiles, kind: string): K8sDocument[] {
  return files.k8s.filter((entry) => entry.document.kind === kind);
}

export function k8sNamed(files: DeploymentFiles, kind: string, name: string): K8sDocument | undefined {
  return k8sDocuments(files, kind).find((entry) => stringAt(entry.document, 'metadata', 'name') === name);
}

export function k8sContainer(deployment: JsonObject, name: string): JsonObject | undefined {
  return listAt(deployment, 'spec', 'template', 'spec', 'containers')
    .map((container) => objectAt(container))
    .find((container) => container !== undefined && container.name === name);
}

/** `kubectl create secret generic NAME --from-literal=KEY='value'` lines of k8s/README.md: the documented Secret. */
export function documentedSecrets(readme: string): Map<string, Record<string, string>> {
  const secrets = new Map<string, Record<string, string>>();
  for (const command of readme.split(/\n(?!\s)/).filter((block) => block.includes('create secret generic'))) {
    const name = /create secret generic\s+([a-z0-9.-]+)/.exec(command)?.[1];
    if (name === undefined) continue;
    const keys: Record<string, string> = {};
    for (const match of command.matchAll(/--from-literal=([A-Za-z0-9_.-]+)=(?:'([^']*)'|"([^"]*)"|(\S+))/g)) keys[match[1]] = match[2] ?? match[3] ?? match[4];
    secrets.set(name, keys);
  }
  return secrets;
}

export interface K8sEnvironment {
  /** Variable → value (Secret values are the documented example ones). */
  readonly values: Record<string, string>;
  /** Variable → where it comes from, for messages. */
  readonly sources: Record<string, string>;
  readonly problems: string[];
}

export function k8sContainerEnvironment(files: DeploymentFiles, file: string, container: JsonObject): K8sEnvironment {
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  const problems: string[] = [];
  const secrets = documentedSecrets(files.k8sReadme);
  for (const source of listAt(container, 'envFrom')) {
    const configMap = stringAt(source, 'configMapRef', 'name');
    const secret = stringAt(source, 'secretRef', 'name');
    if (configMap !== undefined) {
      const found = k8sNamed(files, 'ConfigMap', configMap);
      if (found === undefined) {
        problems.push(`${file}: envFrom names ConfigMap "${configMap}", which no k8s manifest defines`);
        continue;
      }
      for (const [key, value] of Object.entries(objectAt(found.document, 'data') ?? {})) {
        values[key] = String(value);
        sources[key] = `ConfigMap ${configMap} (${found.file})`;
      }
    } else if (secret !== undefined) {
      const documented = secrets.get(secret);
      if (documented === undefined) {
        problems.push(`${file}: envFrom names Secret "${secret}", which k8s/README.md does not document`);
        continue;
      }
      for (const [key, value] of Object.entries(documented)) {
        values[key] = value;
        sources[key] = `Secret ${secret}`;
      }
    }
  }
  for (const entry of listAt(container, 'env')) {
    const name = stringAt(entry, 'name');
    if (name === undefined) continue;
    const direct = field(entry, 'value');
    const secretName = stringAt(entry, 'valueFrom', 'secretKeyRef', 'name');
    const secretKey = stringAt(entry, 'valueFrom', 'secretKeyRef', 'key');
    const mapName = stringAt(entry, 'valueFrom', 'configMapKeyRef', 'name');
    const mapKey = stringAt(entry, 'valueFrom', 'configMapKeyRef', 'key');
    if (direct !== undefined) {
      values[name] = String(direct);
      sources[name] = `env of ${file}`;
    } else if (secretName !== undefined && secretKey !== undefined) {
      const value = secrets.get(secretName)?.[secretKey];
      if (value === undefined) problems.push(`${file}: ${name} reads key "${secretKey}" of Secret "${secretName}", which k8s/README.md does not document`);
      else {
        values[name] = value;
        sources[name] = `Secret ${secretName} key ${secretKey}`;
      }
    } else if (mapName !== undefined && mapKey !== undefined) {
      const value = stringAt(k8sNamed(files, 'ConfigMap', mapName)?.document, 'data', mapKey);
      if (value === undefined) problems.push(`${file}: ${name} reads key "${mapKey}" of ConfigMap "${mapName}", which no manifest defines`);
      else {
        values[name] = value;
        sources[name] = `ConfigMap ${mapName} key ${mapKey}`;
      }
    } else {
      problems.push(`${file}: env ${name} has neither a value nor a secretKeyRef/configMapKeyRef`);
    }
  }
  return { values, sources, problems };
}

/** A probe's or Service's port: a number, or the name of one of the container's ports. */
export function resolveContainerPort(container: JsonObject, port: Json | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port !== 'string') return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  const named = listAt(container, 'ports').find((entry) => stringAt(entry, 'name') === port);
  const number = field(named, 'containerPort');
  return typeof number === 'number' ? number : undefined;
}
