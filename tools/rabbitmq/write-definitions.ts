// Writes deploy/rabbitmq/definitions.json from the topology the RabbitMQ
// adapter declares (libs/messaging/src/rabbitmq/topology.ts). Run after
// changing the topology:  node -r ./apps/cli/bin/swc-hook.js tools/rabbitmq/write-definitions.ts
// A spec fails while the committed file differs from what this writes.
import { rabbitmqDefinitionsJson } from '@trading/messaging/rabbitmq';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const target = resolve(__dirname, '..', '..', 'deploy', 'rabbitmq', 'definitions.json');
writeFileSync(target, rabbitmqDefinitionsJson());
process.stdout.write(`wrote ${target}\n`);
