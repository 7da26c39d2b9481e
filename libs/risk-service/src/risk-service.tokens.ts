// Injection tokens of the risk module (the desk service is injected by class).
export const HANDLED_RECEIPTS = Symbol('risk:HandledReceipts');
