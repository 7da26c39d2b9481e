// Identifiers of the NestJS side of the bus. Services depend on the MessageBus
// port through MESSAGE_BUS and never see which adapter they were given; bus
// handlers are registered for BUS_TRANSPORT only, so a hybrid application's
// other transports never pick them up.
export const MESSAGE_BUS = Symbol('trading:MessageBus');
export const BUS_TRANSPORT = Symbol('trading:BusTransport');
