// Keeps the deployment files (docker-compose.yml, Dockerfile, k8s/, deploy/)
// in step with the market-data code: a renamed metric, variable, port or path
// in either place fails here with the file and the mismatch named. The topology
// in deploy/rabbitmq/definitions.json is checked against the code's queues by
// libs/messaging/src/rabbitmq/definitions.spec.ts (byte for byte).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HealthChecks, ServiceMetrics, startObservabilityServer, type ObservabilityServer } from '@trading/observability';
import { marketDataCodeFacts } from './code-facts';
import { checkComposeWiring } from './compose-checks';
import {
  checkComposeEnvironment,
  checkComposeMatchesK8s,
  checkFeedFiles,
  checkImageAndCommand,
  checkK8sEnvironment,
  checkKustomization,
  checkPortsAndProbes,
  runtimeImports,
  type CodeFacts,
} from './deployment-checks';
import { alertExpressions, checkMetricCoverage, checkMetricReferences, dashboardExpressions } from './metric-checks';
import { parseRabbitmqConf, readDeploymentFiles, type DeploymentFiles, type JsonObject } from './deployment-files';
import { k8sContainer, k8sNamed, objectAt } from './deployment-views';

const root = join(__dirname, '..', '..');
const files = readDeploymentFiles(root);
const code = marketDataCodeFacts();

/** A deep copy of the parsed files with one change, to prove a check notices it. */
function mutated(change: (copy: DeploymentFiles) => void): DeploymentFiles {
  const copy = structuredClone(files);
  change(copy);
  return copy;
}

function k8sMarketDataContainer(copy: DeploymentFiles): JsonObject {
  const deployment = k8sNamed(copy, 'Deployment', 'market-data');
  return k8sContainer(deployment?.document as JsonObject, 'market-data') as JsonObject;
}

function composeMarketDataService(copy: DeploymentFiles): JsonObject {
  return objectAt(copy.compose, 'services', 'market-data') as JsonObject;
}

describe('deployment files', () => {
  it('parses every compose, k8s, Prometheus, Grafana and RabbitMQ file', () => {
    expect(Object.keys(objectAt(files.compose, 'services') ?? {}).sort()).toEqual(['grafana', 'market-data', 'postgres', 'prometheus', 'rabbitmq', 'rabbitmq-definitions', 'redis']);
    expect(files.k8s.map((entry) => `${entry.file} ${String(entry.document.kind)}`)).toEqual([
      'k8s/config.yaml ConfigMap',
      'k8s/config.yaml ConfigMap',
      'k8s/market-data.yaml Deployment',
      'k8s/market-data.yaml Service',
      'k8s/namespace.yaml Namespace',
    ]);
    expect([...files.dashboards.keys()]).toEqual(['deploy/grafana/dashboards/market-data.json']);
    expect(files.rabbitmqPlugins).toEqual(['rabbitmq_management', 'rabbitmq_consistent_hash_exchange', 'rabbitmq_prometheus']);
    expect(files.rabbitmqConf.get('prometheus.tcp.port')).toBe('15692');
  });

  it('runs the same image, tagged with the package version, with `serve market-data` in compose and k8s', () => {
    expect(checkImageAndCommand(files)).toEqual([]);
  });

  it('sets in compose only variables market-data reads, with values it boots with', () => {
    expect(checkComposeEnvironment(files, code)).toEqual([]);
  });

  it('sets in k8s (ConfigMaps, env, Secret keys) only variables market-data reads, with values it boots with', () => {
    expect(checkK8sEnvironment(files, code)).toEqual([]);
  });

  it('gives market-data the same settings in compose and k8s, apart from connection URLs', () => {
    expect(checkComposeMatchesK8s(files)).toEqual([]);
  });

  it('uses HTTP_PORT for the container port, Service, probes, scrape annotation and Prometheus target', () => {
    expect(checkPortsAndProbes(files, code).problems).toEqual([]);
  });

  describe('with the real observability server', () => {
    let server: ObservabilityServer;
    beforeAll(async () => {
      server = await startObservabilityServer({ port: 0, host: '127.0.0.1', metrics: new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), health: new HealthChecks() });
    });
    afterAll(() => server.close());

    it('answers 200 on every path a probe, healthcheck or scrape config requests', async () => {
      const { probes } = checkPortsAndProbes(files, code);
      expect(new Set(probes.map((probe) => probe.path))).toEqual(new Set(['/health/ready', '/health/live', '/metrics']));
      for (const probe of probes) {
        const response = await fetch(`${server.url}${probe.path}`);
        expect(`${probe.file} ${probe.what} ${probe.path}: ${response.status}`).toBe(`${probe.file} ${probe.what} ${probe.path}: 200`);
      }
    });
  });

  it('replays bar files that exist in the repository and are copied into the image', () => {
    expect(code.readSettings(objectAt(files.compose, 'services', 'market-data', 'environment') as Record<string, string>).feedFiles).toHaveLength(6);
    expect(checkFeedFiles(files, code)).toEqual([]);
  });

  it('alerts only on metrics and labels the service registers', () => {
    const { expressions, problems } = alertExpressions(files);
    expect(expressions.length).toBeGreaterThanOrEqual(4);
    expect([...problems, ...checkMetricReferences(expressions, code)]).toEqual([]);
  });

  it('charts only metrics and labels the service registers, and charts every one of them', () => {
    const { expressions, problems } = dashboardExpressions(files);
    expect(expressions.length).toBeGreaterThanOrEqual(10);
    expect([...problems, ...checkMetricReferences(expressions, code), ...checkMetricCoverage(files, code)]).toEqual([]);
  });

  it('mounts existing files into RabbitMQ, Prometheus and Grafana, with matching credentials, hosts and ports', () => {
    expect(checkComposeWiring(files)).toEqual([]);
  });

  it('lists every k8s manifest in the kustomization and documents every Secret it references', () => {
    expect(checkKustomization(files)).toEqual([]);
  });

  it('installs every package the sources import at run time (the image omits devDependencies)', () => {
    expect(files.dockerfile).toMatch(/npm ci --omit=dev/);
    const dependencies = Object.keys(objectAt(files.packageJson, 'dependencies') ?? {});
    const missing: string[] = [];
    for (const file of runtimeSources()) {
      for (const name of runtimeImports(readFileSync(join(root, file), 'utf8'))) {
        if (!name.startsWith('@trading/') && !dependencies.includes(name)) missing.push(`${file} imports ${name}, which is not in package.json dependencies`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every workspace in package-lock.json, so `npm ci` in the Dockerfile installs it', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const workspaces = ['apps', 'libs'].flatMap((folder) => readdirSync(join(root, folder)).map((name) => `${folder}/${name}`)).filter((path) => isWorkspace(path));
    expect(workspaces.filter((path) => lock.packages[path] === undefined).map((path) => `package-lock.json lacks ${path} (run npm install)`)).toEqual([]);
  });

  it('leaves the topology check to the messaging spec that compares definitions.json with the code', () => {
    expect(statSync(join(root, 'libs/messaging/src/rabbitmq/definitions.spec.ts')).isFile()).toBe(true);
  });
});

describe('deployment checks fail on a broken copy', () => {
  it.each<[string, (copy: DeploymentFiles) => void, (copy: DeploymentFiles) => string[], string]>([
    [
      'a dashboard query on a metric the code does not register',
      (copy) => {
        const dashboard = copy.dashboards.get('deploy/grafana/dashboards/market-data.json') as JsonObject;
        const panel = (dashboard.panels as JsonObject[]).find((entry) => entry.type !== 'row') as JsonObject;
        (panel.targets as JsonObject[])[0].expr = 'sum by (symbol) (rate(market_data_bars_emitted_total[5m]))';
      },
      (copy) => checkMetricReferences(dashboardExpressions(copy).expressions, code),
      'deploy/grafana/dashboards/market-data.json panel "Scrape target up": market_data_bars_emitted_total is not in MARKET_DATA_METRIC_NAMES',
    ],
    [
      'an alert grouping by a label the metric does not carry',
      (copy) => {
        const rules = ((copy.alertRules.groups as JsonObject[])[1].rules as JsonObject[])[0];
        rules.expr = 'time() - max by (pair) (market_data_last_publish_timestamp_seconds) > 600';
      },
      (copy) => checkMetricReferences(alertExpressions(copy).expressions, code),
      'deploy/prometheus/alert-rules.yml alert MarketDataFeedSilent: label "pair" is not on market_data_last_publish_timestamp_seconds',
    ],
    [
      'an alert matching a finding kind the validator never reports',
      (copy) => {
        const rules = ((copy.alertRules.groups as JsonObject[])[1].rules as JsonObject[])[2];
        rules.expr = 'increase(market_data_findings_total{kind=~"ohlc|spikes"}[1h]) > 10';
      },
      (copy) => checkMetricReferences(alertExpressions(copy).expressions, code),
      'deploy/prometheus/alert-rules.yml alert MarketDataQualityFindings: market_data_findings_total never has kind="spikes"',
    ],
    [
      'a readiness probe on another port than HTTP_PORT',
      (copy) => {
        ((k8sMarketDataContainer(copy).readinessProbe as JsonObject).httpGet as JsonObject).port = 8080;
      },
      (copy) => checkPortsAndProbes(copy, code).problems,
      'k8s/market-data.yaml: market-data readinessProbe port 8080 resolves to 8080, HTTP_PORT is 9464',
    ],
    [
      'a compose variable the service does not read',
      (copy) => {
        (composeMarketDataService(copy).environment as JsonObject).MARKET_DATA_SPEEED = 'max';
      },
      (copy) => checkComposeEnvironment(copy, code),
      'docker-compose.yml (market-data): MARKET_DATA_SPEEED (from docker-compose.yml (market-data)) is not read by market-data',
    ],
    [
      'a k8s value the service would refuse at boot',
      (copy) => {
        const config = k8sNamed(copy, 'ConfigMap', 'trading-config')?.document as JsonObject;
        (config.data as JsonObject).LOG_LEVEL = 'loud';
      },
      (copy) => checkK8sEnvironment(copy, code),
      'k8s/market-data.yaml (market-data): market-data would not boot with these settings: invalid configuration (1 setting):\n  LOG_LEVEL:',
    ],
    [
      'a k8s replay speed that differs from compose',
      (copy) => {
        const config = k8sNamed(copy, 'ConfigMap', 'market-data-config')?.document as JsonObject;
        (config.data as JsonObject).MARKET_DATA_SPEED = 'max';
      },
      checkComposeMatchesK8s,
      'docker-compose.yml and k8s/market-data.yaml: market-data MARKET_DATA_SPEED is "3600" in compose but "max" in k8s',
    ],
    [
      'a k8s image tag other than the package version',
      (copy) => {
        k8sMarketDataContainer(copy).image = 'fx-trading/trading-system:0.0.9';
      },
      checkImageAndCommand,
      'k8s/market-data.yaml: market-data image is "fx-trading/trading-system:0.0.9", expected "fx-trading/trading-system:0.1.0"',
    ],
    [
      'a replayed file missing from the repository',
      (copy) => {
        (composeMarketDataService(copy).environment as JsonObject).MARKET_DATA_FILES = 'data/EURJPY_H1.csv.gz';
      },
      (copy) => checkFeedFiles(copy, code),
      'docker-compose.yml: MARKET_DATA_FILES entry data/EURJPY_H1.csv.gz does not exist in the repository',
    ],
    [
      'a compose mount of a file that does not exist',
      (copy) => {
        const rabbitmq = objectAt(copy.compose, 'services', 'rabbitmq') as JsonObject;
        (rabbitmq.volumes as string[])[0] = './deploy/rabbitmq/rabbit.conf:/etc/rabbitmq/conf.d/20-trading.conf:ro';
      },
      checkComposeWiring,
      'docker-compose.yml: service rabbitmq mounts ./deploy/rabbitmq/rabbit.conf, which does not exist',
    ],
    [
      'an image that exposes another port than HTTP_PORT',
      (copy) => {
        Object.assign(copy, { dockerfile: copy.dockerfile.replace(/^EXPOSE .*$/m, 'EXPOSE 8080') });
      },
      (copy) => checkPortsAndProbes(copy, code).problems,
      'Dockerfile: EXPOSE [8080] does not include HTTP_PORT 9464',
    ],
    [
      'a manifest the kustomization forgets',
      (copy) => {
        copy.kustomization.resources = ['namespace.yaml', 'config.yaml'];
      },
      checkKustomization,
      'k8s/kustomization.yaml: resources do not list market-data.yaml',
    ],
    [
      'definitions loaded at boot while they carry no user',
      (copy) => {
        Object.assign(copy, { rabbitmqConf: parseRabbitmqConf('rabbitmq.conf', 'load_definitions = /etc/rabbitmq/definitions.json\n') });
      },
      checkComposeWiring,
      'deploy/rabbitmq/rabbitmq.conf: load_definitions at boot skips RabbitMQ\'s default user, and deploy/rabbitmq/definitions.json defines no user "trading"',
    ],
  ])('reports %s', (_case, change, check, expected) => {
    expect(check(files).some((problem) => problem.startsWith(expected))).toBe(false);
    const problems = check(mutated(change));
    expect(problems.find((problem) => problem.startsWith(expected)) ?? problems).toMatch(new RegExp(`^${escapeRegExp(expected)}`));
  });
});

describe('required settings', () => {
  it('reports a required variable that a deployment does not set', () => {
    const requiringFiles: CodeFacts = { ...code, requiredVariables: ['MARKET_DATA_FILES'] };
    expect(checkComposeEnvironment(files, requiringFiles)).toEqual([]);
    const withoutFiles = mutated((copy) => {
      delete (composeMarketDataService(copy).environment as JsonObject).MARKET_DATA_FILES;
    });
    expect(checkComposeEnvironment(withoutFiles, requiringFiles)).toEqual(['docker-compose.yml (market-data): MARKET_DATA_FILES is required by market-data and not set']);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isWorkspace(path: string): boolean {
  try {
    return statSync(join(root, path, 'package.json')).isFile();
  } catch {
    return false;
  }
}

/** Non-test TypeScript under apps/*\/src and libs/*\/src: what `trading serve` may load in the image. */
function runtimeSources(): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        found.push(relative(root, path));
      }
    }
  };
  for (const folder of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, folder))) {
      // test-support only serves the specs.
      if (project === 'test-support') continue;
      const source = join(root, folder, project, 'src');
      if (isDirectory(source)) walk(source);
    }
  }
  return found.sort();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
