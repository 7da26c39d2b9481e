// Keeps the deployment files (docker-compose.yml, Dockerfile, k8s/, deploy/)
// in step with the market-data code: a renamed metric, variable, port or path
// in either place fails here with the file and the mismatch named. The topology
// in deploy/rabbitmq/definitions.json is checked against the code's queues by
// libs/messaging/src/rabbitmq/definitions.spec.ts (byte for byte).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HealthChecks, ServiceMetrics, startObservabilityServer, type ObservabilityServer } from '@trading/observability';
import { checkComposeWiring } from './compose-checks';
import {
  checkComposeEnvironment,
  checkComposeMatchesK8s,
  checkImageAndCommand,
  checkK8sEnvironment,
  checkKustomization,
  checkMustSet,
  checkPortsAndProbes,
  checkUpstreams,
  IMAGE_NAME,
  runtimeImports,
  type CheckedService,
} from './deployment-checks';
import { alertExpressions, checkMetricCoverage, checkMetricReferences, dashboardExpressions, expressionsToCheck, metricCatalog, type Expression } from './metric-checks';
import { parseRabbitmqConf, readDeploymentFiles, type DeploymentFiles, type JsonObject } from './deployment-files';
import { k8sContainer, k8sNamed, objectAt, stringAt } from './deployment-views';
import { checkFeedFiles } from './market-data-checks';
import { marketDataFeedFiles } from './market-data.entry';
import { checkScaling } from './scaling-checks';
import type { ServiceDeployment } from './service-deployment';
import { PENDING_SERVICES, serviceDeployments } from './service-entries';
import { SERVICE_SHAPES } from './service-shapes';

const root = join(__dirname, '..', '..');
const files = readDeploymentFiles(root);
/** The services whose code is on this branch: every check runs for each. */
const entries = serviceDeployments();
/** Services whose files are written but whose code is not merged: the checks that need no code. */
const pending = SERVICE_SHAPES.filter((shape) => PENDING_SERVICES.includes(shape.name));
const everyService: CheckedService[] = [...entries, ...pending];
const marketData = entries.find((entry) => entry.name === 'market-data') as ServiceDeployment;
const code = marketData.code;
const catalog = metricCatalog(files, entries.map((entry) => entry.code));
const serviceNamed = (name: string): CheckedService | undefined => everyService.find((entry) => entry.name === name);
const checkedExpressions = (expressions: readonly Expression[]): Expression[] => expressionsToCheck(expressions, entries, pending).expressions;

/** A deep copy of the parsed files with one change, to prove a check notices it. */
function mutated(change: (copy: DeploymentFiles) => void): DeploymentFiles {
  const copy = structuredClone(files);
  change(copy);
  return copy;
}

function k8sContainerOf(copy: DeploymentFiles, name: string): JsonObject {
  const deployment = k8sNamed(copy, 'Deployment', name);
  return k8sContainer(deployment?.document as JsonObject, name) as JsonObject;
}

function composeServiceOf(copy: DeploymentFiles, name: string): JsonObject {
  return objectAt(copy.compose, 'services', name) as JsonObject;
}

function alertGroup(copy: DeploymentFiles, name: string): JsonObject {
  return (copy.alertRules.groups as JsonObject[]).find((group) => group.name === name) as JsonObject;
}

const k8sMarketDataContainer = (copy: DeploymentFiles): JsonObject => k8sContainerOf(copy, 'market-data');
const composeMarketDataService = (copy: DeploymentFiles): JsonObject => composeServiceOf(copy, 'market-data');

describe('the service table', () => {
  it('has a shape for every compose service and k8s Deployment that runs the image, each checked or pending', () => {
    const composeRuns = Object.entries(objectAt(files.compose, 'services') ?? {})
      .filter(([, service]) => (stringAt(service, 'image') ?? '').startsWith(`${IMAGE_NAME}:`))
      .map(([name]) => name)
      .sort();
    const k8sRuns = files.k8s.filter((entry) => entry.document.kind === 'Deployment').map((entry) => String(stringAt(entry.document, 'metadata', 'name'))).sort();
    const shapes = SERVICE_SHAPES.map((shape) => shape.name).sort();
    expect(composeRuns).toEqual(shapes);
    expect(k8sRuns).toEqual(shapes);
    expect(everyService.map((entry) => entry.name).sort()).toEqual(shapes);
    expect(entries.filter((entry) => PENDING_SERVICES.includes(entry.name)).map((entry) => entry.name)).toEqual([]);
  });

  it('leaves out of the metric checks exactly the dashboards and alert groups only pending services claim', () => {
    const all = [...alertExpressions(files).expressions, ...dashboardExpressions(files).expressions];
    const claimedByPending = new Set(pending.flatMap((shape) => [shape.dashboard, ...shape.alertGroups.map((group) => `alert-group:${group}`)]));
    const claimedByChecked = new Set(entries.flatMap((entry) => [entry.dashboard, ...entry.alertGroups.map((group) => `alert-group:${group}`)]));
    const expected = [...claimedByPending].filter((source) => !claimedByChecked.has(source)).sort();
    expect(expressionsToCheck(all, entries, pending).skippedSources).toEqual(expected);
    expect(catalog.problems).toEqual([]);
  });
});

describe.each(everyService.map((service) => [service.name, service] as const))('%s: deployment files', (_name, service) => {
  it('runs the same image, tagged with the package version, with its `serve` args in compose and k8s', () => {
    expect(checkImageAndCommand(files, service)).toEqual([]);
  });

  it('is given its bus, database and everything else it must not default', () => {
    expect(checkMustSet(files, service)).toEqual([]);
  });

  it('gets the same settings in compose and k8s, apart from connection URLs and upstream addresses', () => {
    expect(checkComposeMatchesK8s(files, service)).toEqual([]);
  });

  it('uses HTTP_PORT for the container port, Service, probes, scrape annotation and Prometheus target', () => {
    expect(checkPortsAndProbes(files, service).problems).toEqual([]);
  });

  it('runs as many pods as its shape says: one with Recreate, or an autoscaler on CPU', () => {
    expect(checkScaling(files, service)).toEqual([]);
  });

  it('reaches the services it reads from at their HTTP port, after they are healthy', () => {
    expect(checkUpstreams(files, service, serviceNamed)).toEqual([]);
  });
});

describe.each(entries.map((entry) => [entry.name, entry] as const))('%s: deployment files against its code', (_name, entry) => {
  it('sets in compose only variables the service reads, with values it boots with', () => {
    expect(checkComposeEnvironment(files, entry)).toEqual([]);
  });

  it('sets in k8s (ConfigMaps, env, Secret keys) only variables the service reads, with values it boots with', () => {
    expect(checkK8sEnvironment(files, entry)).toEqual([]);
  });

  it('passes the checks only it has', () => {
    expect(entry.extraChecks?.(files) ?? []).toEqual([]);
  });

  it('charts every metric it registers on its dashboard, and lists every one it registers', () => {
    expect(checkMetricCoverage(files, entry)).toEqual([]);
  });
});

describe('deployment files', () => {
  it('parses every compose, k8s, Prometheus, Grafana and RabbitMQ file', () => {
    expect(Object.keys(objectAt(files.compose, 'services') ?? {}).sort()).toEqual([
      'grafana',
      'market-data',
      'order-execution',
      'postgres',
      'prometheus',
      'rabbitmq',
      'rabbitmq-definitions',
      'redis',
      'risk',
      'strategy-intraday',
      'strategy-scalping',
      'strategy-swing',
    ]);
    expect(files.k8s.map((entry) => `${entry.file} ${String(entry.document.kind)} ${stringAt(entry.document, 'metadata', 'name')}`)).toEqual([
      'k8s/config.yaml ConfigMap trading-config',
      'k8s/config.yaml ConfigMap market-data-config',
      'k8s/config.yaml ConfigMap risk-config',
      'k8s/config.yaml ConfigMap order-execution-config',
      'k8s/config.yaml ConfigMap strategy-scalping-config',
      'k8s/config.yaml ConfigMap strategy-intraday-config',
      'k8s/config.yaml ConfigMap strategy-swing-config',
      'k8s/market-data.yaml Deployment market-data',
      'k8s/market-data.yaml Service market-data',
      'k8s/namespace.yaml Namespace fx-trading',
      'k8s/order-execution.yaml Deployment order-execution',
      'k8s/order-execution.yaml Service order-execution',
      'k8s/risk.yaml Deployment risk',
      'k8s/risk.yaml Service risk',
      'k8s/strategy-intraday.yaml Deployment strategy-intraday',
      'k8s/strategy-intraday.yaml Service strategy-intraday',
      'k8s/strategy-intraday.yaml HorizontalPodAutoscaler strategy-intraday',
      'k8s/strategy-scalping.yaml Deployment strategy-scalping',
      'k8s/strategy-scalping.yaml Service strategy-scalping',
      'k8s/strategy-scalping.yaml HorizontalPodAutoscaler strategy-scalping',
      'k8s/strategy-swing.yaml Deployment strategy-swing',
      'k8s/strategy-swing.yaml Service strategy-swing',
      'k8s/strategy-swing.yaml HorizontalPodAutoscaler strategy-swing',
    ]);
    expect([...files.dashboards.keys()]).toEqual([
      'deploy/grafana/dashboards/market-data.json',
      'deploy/grafana/dashboards/order-execution.json',
      'deploy/grafana/dashboards/risk.json',
      'deploy/grafana/dashboards/strategies.json',
    ]);
    expect(files.rabbitmqPlugins).toEqual(['rabbitmq_management', 'rabbitmq_consistent_hash_exchange', 'rabbitmq_prometheus']);
    expect(files.rabbitmqConf.get('prometheus.tcp.port')).toBe('15692');
  });

  describe('with the real observability server', () => {
    let server: ObservabilityServer;
    beforeAll(async () => {
      server = await startObservabilityServer({ port: 0, host: '127.0.0.1', metrics: new ServiceMetrics({ service: 'deployment-spec', defaultMetrics: false }), health: new HealthChecks() });
    });
    afterAll(() => server.close());

    it('answers 200 on every path a probe, healthcheck or scrape config of any service requests', async () => {
      const probes = everyService.flatMap((service) => checkPortsAndProbes(files, service).probes);
      expect(probes.length).toBe(everyService.length * 5);
      expect(new Set(probes.map((probe) => probe.path))).toEqual(new Set(['/health/ready', '/health/live', '/metrics']));
      for (const probe of probes) {
        const response = await fetch(`${server.url}${probe.path}`);
        expect(`${probe.file} ${probe.what} ${probe.path}: ${response.status}`).toBe(`${probe.file} ${probe.what} ${probe.path}: 200`);
      }
    });
  });

  it('replays bar files that exist in the repository and are copied into the image', () => {
    expect(marketDataFeedFiles(objectAt(files.compose, 'services', 'market-data', 'environment') as Record<string, string>)).toHaveLength(6);
    expect(checkFeedFiles(files, marketData, marketDataFeedFiles)).toEqual([]);
  });

  it('alerts only on metrics and labels the services (and the broker) expose, with values they set', () => {
    const { expressions, problems } = alertExpressions(files);
    expect(checkedExpressions(expressions).length).toBeGreaterThanOrEqual(4);
    expect([...problems, ...checkMetricReferences(checkedExpressions(expressions), catalog)]).toEqual([]);
  });

  it('charts only metrics and labels the services register', () => {
    const { expressions, problems } = dashboardExpressions(files);
    expect(checkedExpressions(expressions).length).toBeGreaterThanOrEqual(10);
    expect([...problems, ...checkMetricReferences(checkedExpressions(expressions), catalog)]).toEqual([]);
  });

  it('mounts existing files into RabbitMQ, Prometheus and Grafana, and wires every service to them with matching credentials, hosts and ports', () => {
    expect(checkComposeWiring(files, everyService)).toEqual([]);
  });

  it('lists every k8s manifest in the kustomization, gives each service its ConfigMap, and documents every Secret it references', () => {
    expect(checkKustomization(files, everyService)).toEqual([]);
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
      (copy) => checkMetricReferences(checkedExpressions(dashboardExpressions(copy).expressions), catalog),
      'deploy/grafana/dashboards/market-data.json panel "Scrape target up": market_data_bars_emitted_total is not in MARKET_DATA_METRIC_NAMES',
    ],
    [
      'an alert grouping by a label the metric does not carry',
      (copy) => {
        const rules = (alertGroup(copy, 'market-data').rules as JsonObject[])[0];
        rules.expr = 'time() - max by (pair) (market_data_last_publish_timestamp_seconds) > 600';
      },
      (copy) => checkMetricReferences(checkedExpressions(alertExpressions(copy).expressions), catalog),
      'deploy/prometheus/alert-rules.yml alert MarketDataFeedSilent: label "pair" is not on market_data_last_publish_timestamp_seconds',
    ],
    [
      'an alert matching a finding kind the validator never reports',
      (copy) => {
        const rules = (alertGroup(copy, 'market-data').rules as JsonObject[])[2];
        rules.expr = 'increase(market_data_findings_total{kind=~"ohlc|spikes"}[1h]) > 10';
      },
      (copy) => checkMetricReferences(checkedExpressions(alertExpressions(copy).expressions), catalog),
      'deploy/prometheus/alert-rules.yml alert MarketDataQualityFindings: market_data_findings_total never has kind="spikes"',
    ],
    [
      'a readiness probe on another port than HTTP_PORT',
      (copy) => {
        ((k8sMarketDataContainer(copy).readinessProbe as JsonObject).httpGet as JsonObject).port = 8080;
      },
      (copy) => checkPortsAndProbes(copy, marketData).problems,
      'k8s/market-data.yaml: market-data readinessProbe port 8080 resolves to 8080, HTTP_PORT is 9464',
    ],
    [
      'a compose variable the service does not read',
      (copy) => {
        (composeMarketDataService(copy).environment as JsonObject).MARKET_DATA_SPEEED = 'max';
      },
      (copy) => checkComposeEnvironment(copy, marketData),
      'docker-compose.yml (market-data): MARKET_DATA_SPEEED (from docker-compose.yml (market-data)) is not read by market-data',
    ],
    [
      'a k8s value the service would refuse at boot',
      (copy) => {
        const config = k8sNamed(copy, 'ConfigMap', 'trading-config')?.document as JsonObject;
        (config.data as JsonObject).LOG_LEVEL = 'loud';
      },
      (copy) => checkK8sEnvironment(copy, marketData),
      'k8s/market-data.yaml (market-data): market-data would not boot with these settings: invalid configuration (1 setting):\n  LOG_LEVEL:',
    ],
    [
      'a k8s replay speed that differs from compose',
      (copy) => {
        const config = k8sNamed(copy, 'ConfigMap', 'market-data-config')?.document as JsonObject;
        (config.data as JsonObject).MARKET_DATA_SPEED = 'max';
      },
      (copy) => checkComposeMatchesK8s(copy, marketData),
      'docker-compose.yml and k8s/market-data.yaml: market-data MARKET_DATA_SPEED is "3600" in compose but "max" in k8s',
    ],
    [
      'a k8s image tag other than the package version',
      (copy) => {
        k8sMarketDataContainer(copy).image = 'fx-trading/trading-system:0.0.9';
      },
      (copy) => checkImageAndCommand(copy, marketData),
      'k8s/market-data.yaml: market-data image is "fx-trading/trading-system:0.0.9", expected "fx-trading/trading-system:0.1.0"',
    ],
    [
      'a replayed file missing from the repository',
      (copy) => {
        (composeMarketDataService(copy).environment as JsonObject).MARKET_DATA_FILES = 'data/EURJPY_H1.csv.gz';
      },
      (copy) => checkFeedFiles(copy, marketData, marketDataFeedFiles),
      'docker-compose.yml: MARKET_DATA_FILES entry data/EURJPY_H1.csv.gz does not exist in the repository',
    ],
    [
      'a compose mount of a file that does not exist',
      (copy) => {
        const rabbitmq = objectAt(copy.compose, 'services', 'rabbitmq') as JsonObject;
        (rabbitmq.volumes as string[])[0] = './deploy/rabbitmq/rabbit.conf:/etc/rabbitmq/conf.d/20-trading.conf:ro';
      },
      (copy) => checkComposeWiring(copy, everyService),
      'docker-compose.yml: service rabbitmq mounts ./deploy/rabbitmq/rabbit.conf, which does not exist',
    ],
    [
      'an image that exposes another port than HTTP_PORT',
      (copy) => {
        Object.assign(copy, { dockerfile: copy.dockerfile.replace(/^EXPOSE .*$/m, 'EXPOSE 8080') });
      },
      (copy) => checkPortsAndProbes(copy, marketData).problems,
      'Dockerfile: EXPOSE [8080] does not include HTTP_PORT 9464',
    ],
    [
      'a manifest the kustomization forgets',
      (copy) => {
        copy.kustomization.resources = (copy.kustomization.resources as string[]).filter((resource) => resource !== 'market-data.yaml');
      },
      (copy) => checkKustomization(copy, everyService),
      'k8s/kustomization.yaml: resources do not list market-data.yaml',
    ],
    [
      'definitions loaded at boot while they carry no user',
      (copy) => {
        Object.assign(copy, { rabbitmqConf: parseRabbitmqConf('rabbitmq.conf', 'load_definitions = /etc/rabbitmq/definitions.json\n') });
      },
      (copy) => checkComposeWiring(copy, everyService),
      'deploy/rabbitmq/rabbitmq.conf: load_definitions at boot skips RabbitMQ\'s default user, and deploy/rabbitmq/definitions.json defines no user "trading"',
    ],
  ])('reports %s', (_case, change, check, expected) => {
    expect(check(files).some((problem) => problem.startsWith(expected))).toBe(false);
    const problems = check(mutated(change));
    expect(problems.find((problem) => problem.startsWith(expected)) ?? problems).toMatch(new RegExp(`^${escapeRegExp(expected)}`));
  });
});

type Mutation = [string, (copy: DeploymentFiles) => void, (copy: DeploymentFiles) => string[], string];

function expectReported(change: (copy: DeploymentFiles) => void, check: (copy: DeploymentFiles) => string[], expected: string): void {
  expect(check(files).some((problem) => problem.startsWith(expected))).toBe(false);
  const problems = check(mutated(change));
  expect(problems.find((problem) => problem.startsWith(expected)) ?? problems).toMatch(new RegExp(`^${escapeRegExp(expected)}`));
}

/** The checks every service gets, each proven on a copy broken for that service. */
function structuralMutations(service: CheckedService): Mutation[] {
  const { name, k8sManifest } = service;
  const firstWait = service.composeWaitsFor[0];
  const lastMustSet = service.mustSet[service.mustSet.length - 1];
  const otherArgs = name === 'market-data' ? ['serve', 'risk'] : ['serve', 'market-data'];
  const mutations: Mutation[] = [
    [
      'a readiness probe on another port than HTTP_PORT',
      (copy) => {
        ((k8sContainerOf(copy, name).readinessProbe as JsonObject).httpGet as JsonObject).port = 8080;
      },
      (copy) => checkPortsAndProbes(copy, service).problems,
      `${k8sManifest}: ${name} readinessProbe port 8080 resolves to 8080, HTTP_PORT is 9464`,
    ],
    [
      'a Prometheus job scraping another port',
      (copy) => {
        const job = (copy.prometheus.scrape_configs as JsonObject[]).find((entry) => entry.job_name === name) as JsonObject;
        ((job.static_configs as JsonObject[])[0].targets as string[])[0] = `${name}:8080`;
      },
      (copy) => checkPortsAndProbes(copy, service).problems,
      `deploy/prometheus/prometheus.yml: job ${name} scrapes ["${name}:8080"], expected "${name}:9464"`,
    ],
    [
      'a k8s image tag other than the package version',
      (copy) => {
        k8sContainerOf(copy, name).image = 'fx-trading/trading-system:0.0.9';
      },
      (copy) => checkImageAndCommand(copy, service),
      `${k8sManifest}: ${name} image is "fx-trading/trading-system:0.0.9", expected "fx-trading/trading-system:0.1.0"`,
    ],
    [
      "another service's args in compose",
      (copy) => {
        composeServiceOf(copy, name).command = otherArgs;
      },
      (copy) => checkImageAndCommand(copy, service),
      `docker-compose.yml: ${name} command is ${JSON.stringify(otherArgs)}, expected ${JSON.stringify(service.args)}`,
    ],
    [
      `no wait for ${firstWait} in compose`,
      (copy) => {
        delete (composeServiceOf(copy, name).depends_on as JsonObject)[firstWait];
      },
      (copy) => checkComposeWiring(copy, [service]),
      `docker-compose.yml: ${name} waits for ${firstWait} with condition undefined, expected`,
    ],
    [
      `compose without ${lastMustSet}`,
      (copy) => {
        delete (composeServiceOf(copy, name).environment as JsonObject)[lastMustSet];
      },
      (copy) => checkMustSet(copy, service),
      `docker-compose.yml: ${name} is deployed without ${lastMustSet}`,
    ],
    [
      'a k8s setting that differs from compose',
      (copy) => {
        const config = k8sNamed(copy, 'ConfigMap', service.configMap)?.document as JsonObject;
        (config.data as JsonObject).SERVICE_NAME = `${name}-k8s`;
      },
      (copy) => checkComposeMatchesK8s(copy, service),
      `docker-compose.yml and ${k8sManifest}: ${name} SERVICE_NAME is "${name}" in compose but "${name}-k8s" in k8s`,
    ],
  ];
  if (service.scaling.kind === 'single') {
    mutations.push([
      'two replicas of a single-pod service',
      (copy) => {
        ((k8sNamed(copy, 'Deployment', name)?.document as JsonObject).spec as JsonObject).replicas = 2;
      },
      (copy) => checkScaling(copy, service),
      `${k8sManifest}: ${name} has replicas 2, expected 1`,
    ]);
  } else {
    mutations.push([
      'an autoscaler with other bounds than the shape',
      (copy) => {
        ((k8sNamed(copy, 'HorizontalPodAutoscaler', name)?.document as JsonObject).spec as JsonObject).maxReplicas = 8;
      },
      (copy) => checkScaling(copy, service),
      `${k8sManifest}: HPA ${name} scales ${name} from 1 to 8, expected 1 to 4`,
    ]);
  }
  for (const upstream of service.upstreams) {
    mutations.push([
      `${upstream.variable} on another port than ${upstream.service}'s HTTP port`,
      (copy) => {
        (composeServiceOf(copy, name).environment as JsonObject)[upstream.variable] = `http://${upstream.service}:9999`;
      },
      (copy) => checkUpstreams(copy, service, serviceNamed),
      `docker-compose.yml: ${name} ${upstream.variable} uses port 9999, ${upstream.service} listens on HTTP_PORT 9464`,
    ]);
  }
  return mutations;
}

describe.each(everyService.map((service) => [service.name, service] as const))('%s: checks fail on a broken copy', (_name, service) => {
  it.each(structuralMutations(service))('reports %s', (_case, change, check, expected) => expectReported(change, check, expected));
});

describe.each(entries.map((entry) => [entry.name, entry] as const))('%s: code checks fail on a broken copy', (name, entry) => {
  it('reports a compose variable the service does not read', () => {
    expectReported(
      (copy) => {
        (composeServiceOf(copy, name).environment as JsonObject).NOT_A_SETTING = 'x';
      },
      (copy) => checkComposeEnvironment(copy, entry),
      `docker-compose.yml (${name}): NOT_A_SETTING (from docker-compose.yml (${name})) is not read by ${name}`,
    );
  });

  it('reports a metric its dashboard no longer charts', () => {
    const metric = entry.code.metricNames[0];
    expectReported(
      (copy) => {
        const dashboard = copy.dashboards.get(entry.dashboard) as JsonObject;
        dashboard.panels = (dashboard.panels as JsonObject[]).filter((panel) => !JSON.stringify(panel.targets ?? []).includes(metric));
      },
      (copy) => checkMetricCoverage(copy, entry),
      `${entry.dashboard}: no panel shows ${metric} (${name})`,
    );
  });
});

describe('required settings', () => {
  it('reports a required variable that a deployment does not set', () => {
    const requiringFiles: ServiceDeployment = { ...marketData, code: { ...code, requiredVariables: ['MARKET_DATA_FILES'] } };
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
