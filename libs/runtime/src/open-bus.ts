// Opens only the message bus, for services that keep nothing durable (the
// strategy services): RabbitMQ when AMQP_URL is set, the in-process bus
// otherwise. openInfrastructure opens its bus through here too.
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { InfrastructureError, isUnreachable } from '@trading/config';
import type { InfrastructureModes, InfrastructureSettings } from './infrastructure.types';

export type BusSettings = Pick<InfrastructureSettings, 'service' | 'amqpUrl' | 'random' | 'logger' | 'mayBeUnroutable'>;

export interface OpenedBus {
  readonly bus: MessageBus;
  readonly mode: InfrastructureModes['bus'];
  /** Stops consumers, drains in-flight work, disconnects. */
  close(): Promise<void>;
}

export type BusOpener = (settings: BusSettings) => Promise<OpenedBus>;

export async function openBus(settings: BusSettings): Promise<OpenedBus> {
  if (!settings.amqpUrl) {
    const bus = new InProcessBus({ mayBeUnroutable: settings.mayBeUnroutable });
    return { bus, mode: 'in-process', close: () => bus.close() };
  }
  const url = settings.amqpUrl;
  const bus = await RabbitMqBus.connect({
    url,
    connectionName: settings.service,
    random: settings.random,
    logger: { warn: (message: string) => settings.logger.warn(message) },
    mayBeUnroutable: settings.mayBeUnroutable,
  }).catch((error: unknown) => {
    throw isUnreachable(error) || isUnreachable((error as { cause?: unknown }).cause)
      ? InfrastructureError.cannotConnect('AMQP_URL', url, error)
      : InfrastructureError.refused('AMQP_URL', url, 'open a channel', error);
  });
  return { bus, mode: 'rabbitmq', close: () => bus.close() };
}
