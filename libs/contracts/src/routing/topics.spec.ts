import { MESSAGE_TYPES } from '../message-registry';
import { topicMatches } from './topic-matcher';
import { assertTopicMatchesType, parseRoutePattern, parseTopic, patterns, topicMatchesType, topics } from './topics';

describe('routing-key registry', () => {
  it('builds concrete topics that start with their message type', () => {
    expect(topics.marketBar('H1', 'EURUSD')).toBe('market.bar.H1.EURUSD');
    expect(topics.marketQuote('EURUSD')).toBe('market.quote.EURUSD');
    expect(topics.dataQuality('EURUSD')).toBe('market.data-quality.EURUSD');
    expect(topics.signal('ml', 'EURUSD')).toBe('signal.ml.EURUSD');
    expect(topics.mlPrediction('EURUSD')).toBe('ml.prediction.EURUSD');
    expect(topics.mlRegime('EURUSD')).toBe('ml.regime.EURUSD');
    expect(topics.riskDecision('EURUSD')).toBe('risk.decision.EURUSD');
    expect(topics.orderSubmit('EURUSD')).toBe('order.submit.EURUSD');
    expect(topics.orderCancel('EURUSD')).toBe('order.cancel.EURUSD');
    expect(topics.executionReport('EURUSD')).toBe('execution.report.EURUSD');
    expect(topics.riskState()).toBe('risk.state');
    expect(topics.riskCommand()).toBe('risk.command');
    expect(topics.optimizerParams('swing')).toBe('optimizer.params.swing');
  });

  it('refuses a word that would break routing, naming it', () => {
    expect(() => topics.signal('ml.v2', 'EURUSD')).toThrow('strategy "ml.v2" cannot be a routing-key word');
    expect(() => topics.marketQuote('*')).toThrow('symbol "*"');
    expect(() => topics.marketQuote('')).toThrow('symbol ""');
  });

  it('builds subscription patterns: family.# without filters, * for the unfiltered words', () => {
    expect(patterns.marketBars()).toBe('market.bar.#');
    expect(patterns.marketBars({ symbol: 'EURUSD' })).toBe('market.bar.*.EURUSD');
    expect(patterns.marketBars({ timeframe: 'M5' })).toBe('market.bar.M5.*');
    expect(patterns.marketBars({ timeframe: 'M5', symbol: 'EURUSD' })).toBe('market.bar.M5.EURUSD');
    expect(patterns.signals()).toBe('signal.#');
    expect(patterns.signals({ symbol: 'GBPUSD' })).toBe('signal.*.GBPUSD');
    expect(patterns.executionReports()).toBe('execution.report.#');
    expect(patterns.riskState()).toBe('risk.state');
    expect(patterns.riskCommands()).toBe('risk.command');
    expect(patterns.optimizerParams({ strategy: 'swing' })).toBe('optimizer.params.swing');
    expect(patterns.ofType('order.submit')).toBe('order.submit.#');
  });

  it('matches each pattern to the topics it is meant for and not to neighbours', () => {
    const bar = topics.marketBar('H1', 'EURUSD');
    expect(topicMatches(patterns.marketBars({ symbol: 'EURUSD' }), bar)).toBe(true);
    expect(topicMatches(patterns.marketBars({ symbol: 'GBPUSD' }), bar)).toBe(false);
    expect(topicMatches(patterns.marketBars({ timeframe: 'M5' }), bar)).toBe(false);
    expect(topicMatches(patterns.marketQuotes(), bar)).toBe(false);
    expect(topicMatches(patterns.riskState(), topics.riskCommand())).toBe(false);
    expect(topicMatches(patterns.signals({ strategy: 'ml' }), topics.signal('ml', 'USDJPY'))).toBe(true);
  });

  it('checks that an envelope type belongs on a topic', () => {
    expect(topicMatchesType('market.bar.H1.EURUSD', 'market.bar')).toBe(true);
    expect(topicMatchesType('risk.state', 'risk.state')).toBe(true);
    expect(topicMatchesType('market.barometer.x', 'market.bar')).toBe(false);
    expect(topicMatchesType('market.bar', 'market.bar.H1')).toBe(false);
    expect(topicMatchesType('signal.ml.EURUSD', 'order.submit')).toBe(false);
    expect(() => assertTopicMatchesType('signal.ml.EURUSD', 'order.submit')).toThrow('a order.submit message cannot be published on signal.ml.EURUSD');
  });

  it('has a topic builder for every registered message type', () => {
    const built = [
      topics.marketBar('H1', 'EURUSD'),
      topics.marketQuote('EURUSD'),
      topics.dataQuality('EURUSD'),
      topics.signal('ml', 'EURUSD'),
      topics.mlPrediction('EURUSD'),
      topics.mlRegime('EURUSD'),
      topics.riskDecision('EURUSD'),
      topics.orderSubmit('EURUSD'),
      topics.orderCancel('EURUSD'),
      topics.executionReport('EURUSD'),
      topics.accountFinancing('EURUSD'),
      topics.accountMarginCall(),
      topics.riskState(),
      topics.riskCommand(),
      topics.optimizerParams('swing'),
      topics.optimizerRequest(),
      topics.venueSnapshot(),
      topics.venueSnapshotRequest(),
      topics.flowHandled(),
      topics.flowRelease(),
      topics.flowEnd(),
    ];
    for (const type of MESSAGE_TYPES) {
      expect([type, built.filter((topic) => topicMatchesType(topic, type)).length]).toEqual([type, 1]);
    }
  });

  it('parses topics and patterns from text, rejecting malformed ones', () => {
    expect(parseTopic('signal.ml.EURUSD')).toBe('signal.ml.EURUSD');
    expect(() => parseTopic('signal.*.EURUSD')).toThrow('"signal.*.EURUSD" is not a topic');
    expect(() => parseTopic('signal..EURUSD')).toThrow('is not a topic');
    expect(parseRoutePattern('#.EURUSD')).toBe('#.EURUSD');
    expect(() => parseRoutePattern('signal.ml*')).toThrow('"signal.ml*" is not a route pattern');
  });
});
