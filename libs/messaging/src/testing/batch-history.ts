// A reference model of batch consumption for the contract suite. How a
// broker splits deliveries into batches depends on when they reach the
// consumer, so tests do not assert batch boundaries; they replay the calls a
// handler saw against the rules of the port (queue order, at most maxBatch,
// a failed batch redelivered before later messages and then one message at a
// time, delivery counts, dead-lettering) and look for the first breach.

/** One call of a batch handler: `index#deliveryCount` of each message, and how the call ended. */
export interface BatchCall {
  readonly labels: readonly string[];
  /** `reject`: RejectMessage thrown; `fail`: any other throw. */
  readonly outcome: 'commit' | 'fail' | 'reject';
}

export interface BatchHistory {
  /** The first call that breaks a rule, described; undefined when every call follows them. */
  readonly breach: string | undefined;
  /** Labels of the messages the rules dead-letter, in order. */
  readonly deadLettered: readonly string[];
  /** Labels of the messages committed, in order. */
  readonly committed: readonly string[];
}

interface Retry {
  readonly index: number;
  count: number;
}

export function replayBatchHistory(calls: readonly BatchCall[], published: number, maxBatch: number, maxDeliveries: number): BatchHistory {
  let next = 0;
  let retries: Retry[] = [];
  const deadLettered: string[] = [];
  const committed: string[] = [];
  const result = (breach: string | undefined): BatchHistory => ({ breach, deadLettered, committed });
  for (const [position, call] of calls.entries()) {
    const where = `call ${position} [${call.labels.join(', ')}]`;
    const head = retries[0];
    let expected: string[];
    if (head !== undefined) {
      expected = [`${head.index}#${head.count + 1}`];
    } else {
      const size = call.labels.length;
      if (size < 1 || size > maxBatch) return result(`${where}: a batch must hold 1 to ${maxBatch} messages`);
      expected = Array.from({ length: size }, (_, offset) => `${next + offset}#1`);
    }
    if (call.labels.join() !== expected.join()) return result(`${where}: expected [${expected.join(', ')}]`);
    if (head !== undefined) head.count += 1;
    else next += expected.length;
    const members: Retry[] = head !== undefined ? [head] : expected.map((_, offset) => ({ index: next - expected.length + offset, count: 1 }));
    if (call.outcome === 'commit') {
      committed.push(...call.labels);
      retries = retries.filter((retry) => !members.includes(retry));
      continue;
    }
    const rejectedAlone = call.outcome === 'reject' && members.length === 1;
    const survivors = members.filter((member) => {
      const dead = rejectedAlone || member.count >= maxDeliveries;
      if (dead) deadLettered.push(`${member.index}#${member.count}`);
      return !dead;
    });
    retries = [...survivors, ...retries.filter((retry) => !members.includes(retry))];
  }
  if (retries.length > 0 || next !== published) return result(`the calls end with ${published - next} message(s) never delivered and ${retries.length} awaiting a retry`);
  return result(undefined);
}
