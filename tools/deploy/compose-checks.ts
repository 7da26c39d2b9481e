// Checks the wiring of docker-compose.yml around the services: bind mounts that
// exist, hosts and credentials in every service's connection URLs that match
// the RabbitMQ and Postgres containers, what each service waits for and on
// which condition, the RabbitMQ config, plugins and topology import, and the
// Prometheus and Grafana provisioning paths.
import { fileExists, type DeploymentFiles, type JsonObject } from './deployment-files';
import { composeArgs, composeContainerPorts, composeDependencyClosure, composeEnvironment, composeMounts, composeService, field, hostPathOf, listAt, objectAt, stringAt, stripDotSlash } from './deployment-views';
import { CONNECTION_VARIABLES, composeOf } from './deployment-checks';
import type { ServiceShape } from './service-deployment';

export function checkComposeWiring(files: DeploymentFiles, shapes: readonly ServiceShape[]): string[] {
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

  for (const shape of shapes) {
    const { service, environment } = composeOf(files, shape.name);
    const waitsFor = composeDependencyClosure(files, shape.name);
    for (const variable of CONNECTION_VARIABLES) {
      const value = environment[variable];
      if (value === undefined) continue;
      const host = new URL(value).hostname;
      if (services[host] === undefined) problems.push(`docker-compose.yml: ${shape.name} ${variable} points at host "${host}", which is not a compose service`);
      else if (!waitsFor.has(host)) problems.push(`docker-compose.yml: ${shape.name} does not wait (depends_on) for ${host}, which ${variable} points at`);
    }
    problems.push(...checkWaits(files, shape, service));
    problems.push(...checkServiceRabbitmq(files, shape.name, environment), ...checkPostgres(files, shape.name, environment));
  }
  problems.push(...checkRabbitmq(files));

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

/**
 * A service starts once what it needs is usable: a long-running dependency
 * healthy (so it needs a healthcheck), a one-shot (the topology import)
 * completed successfully. `service_started` would race the dependency's boot.
 */
function checkWaits(files: DeploymentFiles, shape: ServiceShape, service: JsonObject): string[] {
  const problems: string[] = [];
  for (const dependency of shape.composeWaitsFor) {
    const target = composeService(files, dependency);
    if (target === undefined) {
      problems.push(`docker-compose.yml: ${shape.name} must wait for ${dependency}, which is not a service`);
      continue;
    }
    const oneShot = stringAt(target, 'restart') === 'no' && field(target, 'healthcheck') === undefined;
    const expected = oneShot ? 'service_completed_successfully' : 'service_healthy';
    const condition = stringAt(service, 'depends_on', dependency, 'condition');
    if (condition !== expected) problems.push(`docker-compose.yml: ${shape.name} waits for ${dependency} with condition ${JSON.stringify(condition)}, expected ${expected}`);
    if (!oneShot && listAt(target, 'healthcheck', 'test').length === 0) problems.push(`docker-compose.yml: ${dependency} has no healthcheck, so ${shape.name} cannot wait for it to be healthy`);
  }
  return problems;
}

/** A service's AMQP_URL logs in as the broker's user, on its listener and an existing vhost, after the topology import. */
function checkServiceRabbitmq(files: DeploymentFiles, name: string, environment: Record<string, string>): string[] {
  if (environment.AMQP_URL === undefined) return [];
  const problems: string[] = [];
  const conf = 'deploy/rabbitmq/rabbitmq.conf';
  const rabbitmq = composeService(files, 'rabbitmq');
  if (rabbitmq === undefined) return ['docker-compose.yml: AMQP_URL is set but there is no rabbitmq service'];
  const rabbitEnvironment = composeEnvironment(rabbitmq);
  const amqp = new URL(environment.AMQP_URL);
  const users = listAt(files.rabbitmqDefinitions, 'users').map((user) => stringAt(user, 'name'));
  const loadsAtBoot = files.rabbitmqConf.has('load_definitions');
  const user = decodeURIComponent(amqp.username);
  if (loadsAtBoot && !users.includes(user)) {
    problems.push(`${conf}: load_definitions at boot skips RabbitMQ's default user, and deploy/rabbitmq/definitions.json defines no user "${user}" (${name}'s AMQP_URL's)`);
  }
  if (!loadsAtBoot && (rabbitEnvironment.RABBITMQ_DEFAULT_USER !== user || rabbitEnvironment.RABBITMQ_DEFAULT_PASS !== decodeURIComponent(amqp.password))) {
    problems.push(`docker-compose.yml: ${name} AMQP_URL credentials differ from rabbitmq RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS`);
  }
  const amqpPort = amqp.port === '' ? '5672' : amqp.port;
  if ((files.rabbitmqConf.get('listeners.tcp.default') ?? '5672') !== amqpPort) problems.push(`${conf}: listeners.tcp.default is not ${name}'s AMQP_URL port ${amqpPort}`);
  const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
  const vhosts = listAt(files.rabbitmqDefinitions, 'vhosts').map((entry) => stringAt(entry, 'name'));
  if (!vhosts.includes(vhost)) problems.push(`deploy/rabbitmq/definitions.json: no vhost "${vhost}" (${name}'s AMQP_URL's)`);
  if (!loadsAtBoot && composeService(files, 'rabbitmq-definitions') !== undefined && !composeDependencyClosure(files, name).has('rabbitmq-definitions')) {
    problems.push(`docker-compose.yml: ${name} starts before rabbitmq-definitions imported the topology (messages published before a consumer exists would be dropped)`);
  }
  return problems;
}

function checkRabbitmq(files: DeploymentFiles): string[] {
  const problems: string[] = [];
  const conf = 'deploy/rabbitmq/rabbitmq.conf';
  for (const plugin of ['rabbitmq_management', 'rabbitmq_consistent_hash_exchange', 'rabbitmq_prometheus']) {
    if (!files.rabbitmqPlugins.includes(plugin)) problems.push(`deploy/rabbitmq/enabled_plugins: ${plugin} is not enabled`);
  }
  for (const key of files.rabbitmqConf.keys()) if (/pass|default_user/i.test(key)) problems.push(`${conf}: ${key} puts a credential in the repository`);

  const rabbitmq = composeService(files, 'rabbitmq');
  if (rabbitmq === undefined) return [...problems, 'docker-compose.yml: no rabbitmq service'];
  const rabbitEnvironment = composeEnvironment(rabbitmq);
  const loadsAtBoot = files.rabbitmqConf.has('load_definitions');
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
    }
  }
  if (!composeContainerPorts(rabbitmq).includes(Number(managementPort))) problems.push(`docker-compose.yml: rabbitmq does not publish the management port ${managementPort}`);

  const job = listAt(files.prometheus, 'scrape_configs').find((entry) => stringAt(entry, 'job_name') === 'rabbitmq');
  const prometheusPort = files.rabbitmqConf.get('prometheus.tcp.port') ?? '15692';
  const targets = listAt(job, 'static_configs').flatMap((entry) => listAt(entry, 'targets').map(String));
  if (!targets.includes(`rabbitmq:${prometheusPort}`)) problems.push(`deploy/prometheus/prometheus.yml: no rabbitmq job scraping rabbitmq:${prometheusPort} (prometheus.tcp.port)`);
  return problems;
}

function checkPostgres(files: DeploymentFiles, name: string, environment: Record<string, string>): string[] {
  if (environment.DATABASE_URL === undefined) return [];
  const postgres = composeService(files, 'postgres');
  if (postgres === undefined) return ['docker-compose.yml: DATABASE_URL is set but there is no postgres service'];
  const url = new URL(environment.DATABASE_URL);
  const settings = composeEnvironment(postgres);
  const problems: string[] = [];
  if (decodeURIComponent(url.username) !== settings.POSTGRES_USER || decodeURIComponent(url.password) !== settings.POSTGRES_PASSWORD) problems.push(`docker-compose.yml: ${name} DATABASE_URL credentials differ from postgres POSTGRES_USER/POSTGRES_PASSWORD`);
  if (url.pathname.slice(1) !== settings.POSTGRES_DB) problems.push(`docker-compose.yml: ${name} DATABASE_URL names database "${url.pathname.slice(1)}", postgres creates "${settings.POSTGRES_DB}"`);
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

