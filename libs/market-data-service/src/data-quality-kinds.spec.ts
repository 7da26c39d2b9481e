// The market.data-quality message lists the validator's finding kinds by hand
// (contracts cannot import an adapter library); this service publishes every
// finding as one, so the two lists must be the same.
import { DATA_QUALITY_KINDS } from '@trading/contracts';
import { FINDING_KINDS } from '@trading/data-sources/files';

describe('market.data-quality kinds', () => {
  it('are exactly the kinds the bar validator can find, in the same order', () => {
    expect([...DATA_QUALITY_KINDS]).toEqual([...FINDING_KINDS]);
  });
});
