// For specs of other services: market-data served on a bar file.
export { serveMarketDataOnFile, type MarketDataOnFile } from './served-on-file';
