// Injection tokens of the messaging module: services depend on the MessageBus
// port through MESSAGE_BUS and never see which adapter the module was given.
export const MESSAGE_BUS = Symbol('trading:MessageBus');
export const MESSAGING_MODULE_OPTIONS = Symbol('trading:MessagingModuleOptions');
