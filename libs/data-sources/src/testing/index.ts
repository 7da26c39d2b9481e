// Test helpers of the market-data sources for this and other projects' specs:
// local mock servers of Yahoo, Alpha Vantage and IG serving real bars, the
// real-bar fixture they use, the BarCache contract suite, and a sleeper that
// advances a ManualClock instead of waiting.
export { manualSleeper } from '../resilience/sleeper';
export { AlphaVantageMockServer, ALPHA_VANTAGE_TEXTS, type AlphaVantageMockOptions, type AlphaVantageScenario } from './alpha-vantage.mock-server';
export { BAR_CACHE_CONTRACT_NOW, BAR_CACHE_CONTRACT_TTL, describeBarCacheContract, type BarCacheFixture } from './bar-cache.contract-suite';
export { IgMockServer, type IgMockOptions, type IgScenario } from './ig.mock-server';
export { sendJson, sendText, startMockHttpServer, type MockHandler, type MockHttpServer, type RecordedRequest } from './mock-http.server';
export { barsBetween, loadMt5Bars, sharedEurusdH1Bars, sharedH1Bars2025, type SharedBarsOptions } from './shared-bars.fixture';
export { londonMidnight, YahooMockServer, type YahooMockOptions, type YahooScenario } from './yahoo.mock-server';
