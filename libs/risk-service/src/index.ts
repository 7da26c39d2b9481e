// @trading/risk-service: the risk service, the single authority over the
// portfolio. The kernel's RiskHost decides; this library gives it its
// tables, its journal, group commit, a fail-closed start, operator commands
// and a read API.
export * from './migrations';
export * from './desk/collecting-sink';
export * from './desk/risk-runtime';
export * from './desk/desk-restore';
export * from './desk/lockstep-gate';
export * from './desk/risk-desk.service';
export * from './store/risk-tables.reader';
export * from './store/risk-tables.writer';
export * from './read-api/page-query';
export * from './read-api/read-api.routes';
export * from './read-api/read-api.schemas';
export * from './bus/risk-inbox.controller';
export * from './risk-service.module';
export * from './risk-service.tokens';
export * from './risk.service';
export * from './risk-service.config';
export * from './risk-service.metrics';
export * from './serve/serve-risk';
export * from './warm-up/risk-warm-up';
export * from './warm-up/warm-up-hook';
