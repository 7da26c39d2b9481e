// The one registry of routing keys. Publishers send to concrete topics built
// here (`topics.marketBar('H1', 'EURUSD')` → `market.bar.H1.EURUSD`); only
// subscribers use wildcard patterns (`patterns.marketBars({ symbol: 'EURUSD' })`
// → `market.bar.*.EURUSD`). A topic always starts with its message type, so
// the type of an envelope can be checked against the key it travels on.
import type { Timeframe } from '@trading/domain';
import type { RoutePattern, Topic } from '../envelope';
import type { MessageType } from '../message-registry';

const WORD = /^[A-Za-z0-9_-]+$/;

/** A routing-key word taken from data (symbol, strategy): no dots, no wildcards, not empty. */
function word(name: string, value: string): string {
  if (!WORD.test(value)) {
    throw new RangeError(`${name} ${JSON.stringify(value)} cannot be a routing-key word (letters, digits, "_" or "-")`);
  }
  return value;
}

function topicOf(...words: string[]): Topic {
  return words.join('.') as Topic;
}

function patternOf(...words: string[]): RoutePattern {
  return words.join('.') as RoutePattern;
}

export const topics = {
  marketBar: (timeframe: Timeframe, symbol: string): Topic => topicOf('market.bar', word('timeframe', timeframe), word('symbol', symbol)),
  marketQuote: (symbol: string): Topic => topicOf('market.quote', word('symbol', symbol)),
  dataQuality: (symbol: string): Topic => topicOf('market.data-quality', word('symbol', symbol)),
  signal: (strategy: string, symbol: string): Topic => topicOf('signal', word('strategy', strategy), word('symbol', symbol)),
  mlPrediction: (symbol: string): Topic => topicOf('ml.prediction', word('symbol', symbol)),
  mlRegime: (symbol: string): Topic => topicOf('ml.regime', word('symbol', symbol)),
  riskDecision: (symbol: string): Topic => topicOf('risk.decision', word('symbol', symbol)),
  orderSubmit: (symbol: string): Topic => topicOf('order.submit', word('symbol', symbol)),
  orderCancel: (symbol: string): Topic => topicOf('order.cancel', word('symbol', symbol)),
  executionReport: (symbol: string): Topic => topicOf('execution.report', word('symbol', symbol)),
  accountFinancing: (symbol: string): Topic => topicOf('account.financing', word('symbol', symbol)),
  accountMarginCall: (): Topic => topicOf('account.margin-call'),
  riskState: (): Topic => topicOf('risk.state'),
  riskCommand: (): Topic => topicOf('risk.command'),
  optimizerParams: (strategy: string): Topic => topicOf('optimizer.params', word('strategy', strategy)),
  optimizerRequest: (): Topic => topicOf('optimizer.request'),
  venueSnapshot: (): Topic => topicOf('venue.snapshot'),
  venueSnapshotRequest: (): Topic => topicOf('venue.snapshot-request'),
  flowHandled: (): Topic => topicOf('flow.handled'),
  flowRelease: (): Topic => topicOf('flow.release'),
  flowEnd: (): Topic => topicOf('flow.end'),
} as const;

function any(name: string, value: string | undefined): string {
  return value === undefined ? '*' : word(name, value);
}

/** `family.#` when no filter is given, else one word per filter with `*` for the rest. */
function filtered(family: string, ...words: [string, string | undefined][]): RoutePattern {
  if (words.every(([, value]) => value === undefined)) return patternOf(family, '#');
  return patternOf(family, ...words.map(([name, value]) => any(name, value)));
}

export const patterns = {
  marketBars: (filter: { timeframe?: Timeframe; symbol?: string } = {}): RoutePattern =>
    filtered('market.bar', ['timeframe', filter.timeframe], ['symbol', filter.symbol]),
  marketQuotes: (filter: { symbol?: string } = {}): RoutePattern => filtered('market.quote', ['symbol', filter.symbol]),
  dataQuality: (filter: { symbol?: string } = {}): RoutePattern => filtered('market.data-quality', ['symbol', filter.symbol]),
  signals: (filter: { strategy?: string; symbol?: string } = {}): RoutePattern =>
    filtered('signal', ['strategy', filter.strategy], ['symbol', filter.symbol]),
  mlPredictions: (filter: { symbol?: string } = {}): RoutePattern => filtered('ml.prediction', ['symbol', filter.symbol]),
  mlRegimes: (filter: { symbol?: string } = {}): RoutePattern => filtered('ml.regime', ['symbol', filter.symbol]),
  riskDecisions: (filter: { symbol?: string } = {}): RoutePattern => filtered('risk.decision', ['symbol', filter.symbol]),
  orderSubmits: (filter: { symbol?: string } = {}): RoutePattern => filtered('order.submit', ['symbol', filter.symbol]),
  orderCancels: (filter: { symbol?: string } = {}): RoutePattern => filtered('order.cancel', ['symbol', filter.symbol]),
  executionReports: (filter: { symbol?: string } = {}): RoutePattern => filtered('execution.report', ['symbol', filter.symbol]),
  accountFinancing: (filter: { symbol?: string } = {}): RoutePattern => filtered('account.financing', ['symbol', filter.symbol]),
  accountMarginCalls: (): RoutePattern => patternOf('account.margin-call'),
  riskState: (): RoutePattern => patternOf('risk.state'),
  riskCommands: (): RoutePattern => patternOf('risk.command'),
  optimizerParams: (filter: { strategy?: string } = {}): RoutePattern => filtered('optimizer.params', ['strategy', filter.strategy]),
  optimizerRequests: (): RoutePattern => patternOf('optimizer.request'),
  venueSnapshots: (): RoutePattern => patternOf('venue.snapshot'),
  venueSnapshotRequests: (): RoutePattern => patternOf('venue.snapshot-request'),
  flowHandled: (): RoutePattern => patternOf('flow.handled'),
  flowRelease: (): RoutePattern => patternOf('flow.release'),
  flowEnd: (): RoutePattern => patternOf('flow.end'),
  /** Every message type's family: `type.#`. */
  ofType: (type: MessageType): RoutePattern => patternOf(type, '#'),
} as const;

/** True when `topic` is in the routing-key family of message `type` (the type itself or `type.…`). */
export function topicMatchesType(topic: string, type: string): boolean {
  return topic.length === type.length ? topic === type : topic.startsWith(type) && topic.charCodeAt(type.length) === 46; // '.'
}

/** Throws when an envelope's type does not belong on `topic`: a publisher bug, caught before sending. */
export function assertTopicMatchesType(topic: string, type: string): void {
  if (!topicMatchesType(topic, type)) {
    throw new TypeError(`a ${type} message cannot be published on ${topic} (its topic must start with "${type}.")`);
  }
}

const TOPIC_TEXT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const PATTERN_TEXT = /^([A-Za-z0-9_-]+|\*|#)(\.([A-Za-z0-9_-]+|\*|#))*$/;

/** A topic from text (config, CLI flags, tests): words only, no wildcards. */
export function parseTopic(text: string): Topic {
  if (!TOPIC_TEXT.test(text)) throw new RangeError(`${JSON.stringify(text)} is not a topic (dot-separated words of letters, digits, "_" or "-")`);
  return text as Topic;
}

/** A binding pattern from text: words, `*` (one word) or `#` (zero or more words). */
export function parseRoutePattern(text: string): RoutePattern {
  if (!PATTERN_TEXT.test(text)) {
    throw new RangeError(`${JSON.stringify(text)} is not a route pattern (dot-separated words, "*" or "#")`);
  }
  return text as RoutePattern;
}
