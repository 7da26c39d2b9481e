// How a host sends what it produces: to a concrete topic, at once. The
// in-process bus and the RabbitMQ outbox both fit; the kernel's parity spec
// delivers each message to its subscribers before the publisher goes on.
import type { Envelope } from '@trading/contracts';

export type Publish = (topic: string, envelope: Envelope) => void;
