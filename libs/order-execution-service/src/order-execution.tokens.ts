// Injection tokens of the order-execution module (its handler is injected by class).
export const HANDLED_RECEIPTS = Symbol('order-execution:HandledReceipts');
